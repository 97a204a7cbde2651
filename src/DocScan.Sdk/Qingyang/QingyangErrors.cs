using System;
using System.Text.Json.Serialization.Metadata;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.Qingyang;

/// <summary>Qingyang's HTTP statuses (400/401/403/413/500) and <c>success:false</c> answers in the common error model.</summary>
internal static class QingyangErrors
{
    public const string TooLargeAdvice = "Qingyang accepts files up to 10 MB; compress the image or split the PDF (DocScan:Qingyang:MaxImageBytes sets the local check).";

    /// <summary>An error status; <paramref name="error"/> is the body's <c>error</c> text, if any.</summary>
    public static DocScanException FromStatus(int status, string? error, TimeSpan? retryAfter)
    {
        var (kind, failure, text) = status switch
        {
            400 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "Qingyang rejected the request as incomplete (it needs a file or a file_url); check the input."),
            401 => (DocScanErrorKind.Authentication, FailureClass.Permanent, "Qingyang received no X-Auth-Key; set DocScan:Qingyang:ApiKey."),
            403 => (DocScanErrorKind.Authentication, FailureClass.Permanent, "Qingyang rejected the X-Auth-Key; check DocScan:Qingyang:ApiKey."),
            413 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "the file is too large: " + TooLargeAdvice),
            500 => (DocScanErrorKind.ServerError, FailureClass.Ambiguous, "Qingyang reported an internal error. The file may have been processed and charged, so the call is not retried unless DocScan:Qingyang:Retry:RetryAmbiguousFailures is set."),
            _ => Other(status),
        };
        return Create(kind, failure, text, error, retryAfter);
    }

    /// <summary>An HTTP 200 answer with <c>success:false</c>: classified by the documented messages.</summary>
    public static DocScanException FromFailure(string? error, TimeSpan? retryAfter)
    {
        string message = error ?? string.Empty;
        var (kind, failure, text) =
            Contains(message, "Missing required parameter") ? (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "Qingyang rejected the request as incomplete (it needs a file or a file_url); check the input.")
            : Contains(message, "exceeds maximum") || Contains(message, "10MB") ? (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "the file is too large: " + TooLargeAdvice)
            : Contains(message, "auth key") || Contains(message, "X-Auth-Key") ? (DocScanErrorKind.Authentication, FailureClass.Permanent, "Qingyang rejected the X-Auth-Key; check DocScan:Qingyang:ApiKey.")
            : (DocScanErrorKind.ServerError, FailureClass.Ambiguous, "Qingyang could not recognise the file (success: false). Check that it is a readable card image or a reachable URL; the call may have been charged, so it is not retried unless DocScan:Qingyang:Retry:RetryAmbiguousFailures is set.");
        return Create(kind, failure, text, error, retryAfter);
    }

    private static DocScanException Create(DocScanErrorKind kind, FailureClass failure, string text, string? error, TimeSpan? retryAfter)
        => HttpErrors.FromVendor(kind, failure, text, vendorCode: null, error, retryAfter);

    private static (DocScanErrorKind, FailureClass, string) Other(int status)
    {
        var (kind, failure) = HttpErrors.Classify(status);
        return (kind, failure, status switch
        {
            429 => "Qingyang throttled the call; slow down.",
            _ when status >= 500 => "Qingyang reported a server error (HTTP status not in its documentation).",
            _ => "Qingyang refused the request with an HTTP status not in its documentation.",
        });
    }

    private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>Qingyang's envelope and statuses for <see cref="VendorResponse"/>.</summary>
    public sealed class Map : IVendorErrorMap<QingyangEnvelope>
    {
        public static readonly Map Instance = new();

        public JsonTypeInfo<QingyangEnvelope> Envelope => QingyangJsonContext.Default.QingyangEnvelope;

        public string EnvelopeDescription => "Qingyang's OCR JSON";

        // Typed top-level strings with invalid UTF-8 fail as JsonException (InvalidResponse); the JsonElement
        // parts (result[], rawResult) are only decoded on access, so the client checks them.
        public bool RepairsInvalidUtf8 => false;

        // An error status speaks first (FromStatus); success:false only matters in a 2xx answer.
        public DocScanException? FromEnvelope(QingyangEnvelope envelope, int status, TimeSpan? retryAfter)
            => status is >= 200 and < 300 && (envelope.Success == false || (envelope.Success is null && !string.IsNullOrEmpty(envelope.Error)))
                ? FromFailure(envelope.Error, retryAfter)
                : null;

        public DocScanException FromStatus(int status, QingyangEnvelope? envelope, TimeSpan? retryAfter)
            => QingyangErrors.FromStatus(status, envelope?.Error, retryAfter);
    }
}
