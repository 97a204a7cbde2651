using System;
using System.Text.Json.Serialization.Metadata;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>Aliyun IQS error codes (body <c>code</c> + HTTP status) in the common error model.</summary>
internal static class AliyunIqsErrors
{
    /// <summary>The trial account's daily query quota (vendor page and notes: 1,000 queries a day), named in the quota error.</summary>
    public const string TrialQueriesPerDay = "1,000";

    public static DocScanException From(int status, string? code, string? message, TimeSpan? retryAfter, string? requestId)
    {
        var (kind, failure, text) = code switch
        {
            "InvalidAccessKeyId.NotFound" => (DocScanErrorKind.Authentication, FailureClass.Permanent,
                "Aliyun IQS does not know this API key; check DocScan:AliyunIqs:ApiKey (a new key takes up to 5 minutes to become active)."),
            "Retrieval.NotAuthorised" => (DocScanErrorKind.Authentication, FailureClass.Permanent,
                "the RAM sub-account lacks the AliyunIQSFullAccess permission; grant it in the RAM console."),
            "Retrieval.NotActivate" => (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent,
                "the Aliyun IQS service is not activated for this account; purchase or activate it first."),
            "Retrieval.Arrears" => (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent,
                "the Aliyun account balance is insufficient; recharge it, then call again."),
            "Retrieval.TestUserPeriodExpired" => (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent,
                "the Aliyun IQS 15-day trial has expired; upgrade to a paid plan."),
            "Retrieval.TestUserQueryExceeded" => (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent,
                $"the trial account's daily quota of {TrialQueriesPerDay} queries a day is used up; it is not retried. Wait until tomorrow or upgrade to a paid plan."),
            "Retrieval.Throttling.User" => (DocScanErrorKind.RateLimited, FailureClass.NotProcessed,
                "Aliyun IQS throttled the call (user flow control); slow down, or ask for a higher limit."),
            _ when code is not null && code.IndexOf("Throttling", StringComparison.OrdinalIgnoreCase) >= 0 => (DocScanErrorKind.RateLimited, FailureClass.NotProcessed,
                "Aliyun IQS throttled the call; slow down."),
            _ => Other(status, code),
        };
        return HttpErrors.FromVendor(kind, failure, text, code, message, retryAfter, requestId);
    }

    private static (DocScanErrorKind, FailureClass, string) Other(int status, string? code)
    {
        if (status is >= 200 and < 300)
        {
            return (DocScanErrorKind.ServerError, FailureClass.Permanent, "Aliyun IQS answered with an error code its documentation does not list.");
        }

        var (kind, failure) = HttpErrors.Classify(status);
        string text = kind switch
        {
            // The page's only 404 is InvalidAccessKeyId.NotFound; without a readable code it may also be a wrong address.
            DocScanErrorKind.NotFound when status == 404 && code is null => "Aliyun IQS answered HTTP 404 without a readable error code; the page's only 404 is an invalid API key: check DocScan:AliyunIqs:ApiKey (and DocScan:AliyunIqs:BaseAddress).",
            DocScanErrorKind.Authentication => "Aliyun IQS rejected the credentials; check DocScan:AliyunIqs:ApiKey.",
            DocScanErrorKind.RateLimited => "Aliyun IQS throttled the call; slow down.",
            DocScanErrorKind.Timeout => "Aliyun IQS timed out (it gives up after 25 s); the call may have been charged, so it is not retried unless DocScan:AliyunIqs:Retry:RetryAmbiguousFailures is set.",
            DocScanErrorKind.ServerError when failure == FailureClass.Ambiguous => "Aliyun IQS reported a server error; the call may have been charged, so it is not retried unless DocScan:AliyunIqs:Retry:RetryAmbiguousFailures is set.",
            DocScanErrorKind.ServerError => "Aliyun IQS is unavailable; the call was not processed.",
            DocScanErrorKind.InvalidRequest => "Aliyun IQS rejected the request; check the image and parameters.",
            _ => "Aliyun IQS refused the request.",
        };
        return (kind, failure, code is null ? text : text + " (undocumented code)");
    }

    /// <summary>Aliyun IQS's envelope and codes for <see cref="VendorResponse"/>.</summary>
    public sealed class Map : IVendorErrorMap<AliyunIqsResponse>
    {
        public static readonly Map Instance = new();

        public JsonTypeInfo<AliyunIqsResponse> Envelope => AliyunIqsJsonContext.Wire.AliyunIqsResponse;

        public string EnvelopeDescription => "Aliyun IQS ScanFile JSON";

        public bool RepairsInvalidUtf8 => false;

        // An error status speaks first (FromStatus, with the body's code); in a 2xx answer a code counts only
        // when the pages are missing.
        public DocScanException? FromEnvelope(AliyunIqsResponse envelope, int status, TimeSpan? retryAfter)
            => status is >= 200 and < 300 && envelope.ScanFileInfoList is null && AliyunIqsClient.CodeOf(envelope) is { } code
                ? From(status, code, MessageOf(envelope), retryAfter, envelope.RequestId)
                : null;

        public DocScanException FromStatus(int status, AliyunIqsResponse? envelope, TimeSpan? retryAfter)
            => From(status, AliyunIqsClient.CodeOf(envelope), envelope is null ? null : MessageOf(envelope), retryAfter, envelope?.RequestId);

        private static string? MessageOf(AliyunIqsResponse envelope) => envelope.Message ?? envelope.ErrorMessage;
    }
}
