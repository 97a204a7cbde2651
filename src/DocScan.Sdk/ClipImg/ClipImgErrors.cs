using System;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.ClipImg;

/// <summary>ClipImg's body codes (0/400/402/404/509) in the common error model.</summary>
internal static class ClipImgErrors
{
    /// <summary>The page's 509, "处理超时,请稍后再试": the service was too busy to process the request (not charged), as a body code or an HTTP status.</summary>
    public const int Busy = 509;

    /// <summary>What a 401/403 (missing or wrong <c>X-API-Key</c>) means, as a body code or an HTTP status.</summary>
    public const string RejectedKey = "ClipImg rejected the API key; check DocScan:ClipImg:ApiKey (and that it belongs to this host).";

    public static DocScanException FromCode(int code, string? msg, TimeSpan? retryAfter)
    {
        var (kind, failure, text) = code switch
        {
            401 or 403 => (DocScanErrorKind.Authentication, FailureClass.Permanent, RejectedKey),
            400 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "ClipImg rejected the parameters or the image (empty, bad Base64, unreadable image or wrong size); check the input."),
            402 => (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent, "the ClipImg account has no API points left; top up, then call again."),
            404 => (DocScanErrorKind.NotFound, FailureClass.Permanent, "ClipImg does not have this image or result; results are deleted one hour after they are made."),
            Busy => (DocScanErrorKind.Timeout, FailureClass.NotProcessed, "ClipImg was too busy and timed out before processing the request (code 509: not processed, not charged); it is retried, and failing that, try again later."),
            _ when code is >= 400 and < 600 => Other(code),
            _ => (DocScanErrorKind.ServerError, FailureClass.Permanent, "ClipImg answered with an undocumented code."),
        };
        return HttpErrors.FromVendor(kind, failure, text, code.ToString(CultureInfo.InvariantCulture), msg, retryAfter);
    }

    private static (DocScanErrorKind, FailureClass, string) Other(int code)
    {
        var (kind, failure) = HttpErrors.Classify(code);
        return (kind, failure, "ClipImg answered with an undocumented code.");
    }

    /// <summary>ClipImg's envelope and codes for <see cref="VendorResponse"/>.</summary>
    public sealed class Map : IVendorErrorMap<ClipImgEnvelope>
    {
        public static readonly Map Instance = new();

        public JsonTypeInfo<ClipImgEnvelope> Envelope => ClipImgJsonContext.Default.ClipImgEnvelope;

        public string EnvelopeDescription => "ClipImg's {code, msg, data} JSON";

        public bool RepairsInvalidUtf8 => false;

        public DocScanException? FromEnvelope(ClipImgEnvelope envelope, int status, TimeSpan? retryAfter)
            => envelope.Code != 0 ? FromCode(envelope.Code, envelope.Msg, retryAfter) : null;

        // The page's 509 ("processing timed out, try later") means not processed whether it comes as the body
        // code or as the HTTP status, so a bare 509 is retried like the body code, for every operation.
        public DocScanException FromStatus(int status, ClipImgEnvelope? envelope, TimeSpan? retryAfter)
            => status == Busy ? FromCode(status, envelope?.Msg, retryAfter) : HttpErrors.FromStatus(status, retryAfter, status is 401 or 403 ? RejectedKey : null);
    }
}
