namespace DocScan.Sdk;

/// <summary>What went wrong, in terms an application can switch on. Every <see cref="DocScanException"/> has one.</summary>
public enum DocScanErrorKind
{
    /// <summary>The request was rejected as invalid: a bad parameter, an unsupported image format, an image over the vendor's size limit, or the caller's own image stream or file failed while it was read. Fix the input; retrying will not help.</summary>
    InvalidRequest = 1,

    /// <summary>The credentials are missing, wrong, expired or for another environment (API key, app id/secret, signature, token).</summary>
    Authentication = 2,

    /// <summary>The account's balance, points or quota (including a daily quota) is exhausted. Top up or wait; the SDK never retries it.</summary>
    InsufficientQuota = 3,

    /// <summary>The vendor throttled the call, or the SDK's own rate-limit queue is full. <see cref="DocScanException.RetryAfter"/> says how long to wait when known.</summary>
    RateLimited = 4,

    /// <summary>The referenced image or result does not exist or has expired.</summary>
    NotFound = 5,

    /// <summary>The call took longer than the attempt or total timeout, a streamed download received no data for <see cref="DocScanClientOptions.ResponseReadTimeout"/>, or the vendor reported a processing timeout.</summary>
    Timeout = 6,

    /// <summary>The vendor reported an internal error (HTTP 5xx or an equivalent body code).</summary>
    ServerError = 7,

    /// <summary>The vendor's answer could not be understood (not JSON, wrong shape, missing fields).</summary>
    InvalidResponse = 8,

    /// <summary>The request could not be sent or the response could not be received (DNS, connect, TLS, connection reset).</summary>
    Network = 9,
}
