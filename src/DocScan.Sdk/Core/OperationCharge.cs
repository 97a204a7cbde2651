namespace DocScan.Sdk;

/// <summary>How a vendor bills an operation; decides which failures the SDK may retry.</summary>
/// <remarks>
/// Failures that prove the vendor did not process the request (connect failure, throttling, codes the
/// vendor documents as "not processed, not charged") are retried for every operation. Ambiguous
/// failures (a timeout after the body was sent, a 5xx, a connection reset mid-response) are retried
/// only for <see cref="Free"/> and <see cref="ChargedIdempotent"/> operations, unless
/// <see cref="DocScanRetryOptions.RetryAmbiguousFailures"/> opts in.
/// </remarks>
internal enum OperationCharge
{
    /// <summary>The operation costs nothing; any transient failure may be retried.</summary>
    Free = 0,

    /// <summary>The operation is charged, but repeating it is not charged again (for example a repeat download of the same result).</summary>
    ChargedIdempotent = 1,

    /// <summary>Every call that the vendor processes is charged; an ambiguous failure is not retried by default.</summary>
    Charged = 2,
}
