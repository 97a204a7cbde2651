using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.ProcessImage;

/// <summary>What an operation accepts as success.</summary>
internal enum ProcessImageExpect
{
    /// <summary>RemoveWatermark: 0 or 52005, with an image URL.</summary>
    Removed,

    /// <summary>Detect: 52006 (or 0, as in the vendor's example).</summary>
    Detected,

    /// <summary>Submit: 52000 (or a finished result).</summary>
    Submitted,

    /// <summary>A callback: any finished result.</summary>
    Callback,
}

/// <summary>processimage.cn's body codes (<c>httpCode</c>, <c>processStatus</c>) in the common error model, and the reply turned into a result.</summary>
internal static class ProcessImageErrors
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(5);

    /// <summary>processStatus 52002: no text watermark found and no rectangles given (not charged).</summary>
    public const int NoWatermark = 52002;

    /// <summary>
    /// Checks a parsed reply and reads what every result needs, or throws. The code is the real HTTP status when that
    /// is an error (415, 500, 503), otherwise the body's <c>httpCode</c>: the vendor answers nearly every error as HTTP 200.
    /// </summary>
    /// <remarks><paramref name="body"/> is quoted (redacted, shortened) only in an error, so a success builds no excerpt.</remarks>
    public static ProcessImageReply Interpret(ProcessImageEnvelope? envelope, int httpStatus, TimeSpan? retryAfter, ProcessImageExpect expect, bool tokenMode, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        int code = httpStatus >= 400 || envelope?.HttpCode is null ? httpStatus : envelope.HttpCode.Value;
        if (code is not (200 or 304))
        {
            throw FromHttpCode(code, envelope?.HttpMsg, envelope?.MsgInnerReferer, retryAfter, tokenMode, envelope?.RemainingUsage);
        }

        if (envelope is null)
        {
            throw ResponseBody.Invalid("the response is not processimage.cn's JSON", body);
        }

        var data = envelope.Data ?? throw ResponseBody.Invalid("the response has no 'data'", body);
        int status = data.ProcessStatus ?? throw ResponseBody.Invalid("the response has no 'data.processStatus'", body);
        switch (status)
        {
            case 0 or 52005 or 52006:
                break;
            case 52000 when expect == ProcessImageExpect.Submitted:
                break;
            case 52000:
                throw ResponseBody.Invalid("processimage.cn acknowledged an asynchronous request (52000) that was sent as synchronous", body);
            case NoWatermark when expect == ProcessImageExpect.Detected:
                // "None found" is a normal answer to "find the watermarks" (and not charged).
                break;
            default:
                throw FromProcessStatus(status, data.ProcessMsg, envelope.MsgInnerReferer);
        }

        Uri? url = Uri.TryCreate(data.Url, UriKind.Absolute, out var u) ? u : null;
        if (expect == ProcessImageExpect.Removed && status is 0 or 52005 && url is null)
        {
            throw ResponseBody.Invalid("the response has no processed image 'url'", body);
        }

        var regions = new List<WatermarkRegion>(data.ProcessLocation?.Count ?? 0);
        foreach (var r in data.ProcessLocation ?? new List<ProcessImageWireRegion>())
        {
            if (r is not null)
            {
                regions.Add(new WatermarkRegion(Round(r.X), Round(r.Y), Round(r.W), Round(r.H), r.LineCount, r.Word ?? r.Watermark));
            }
        }

        bool hasUsage = envelope.RemainingUsage is not null || envelope.LongTermUsageCount is not null || envelope.LimitedTermUsageCount is not null
            || envelope.LimitedTermExpireTimes is not null || envelope.CallSuccessful is not null || envelope.AllUsedCount is not null;
        var usage = hasUsage
            ? new ProcessImageUsage
            {
                Remaining = envelope.RemainingUsage,
                LongTerm = envelope.LongTermUsageCount,
                LimitedTerm = envelope.LimitedTermUsageCount,
                LimitedTermExpiresAt = envelope.LimitedTermExpireTimes,
                TotalUsed = envelope.CallSuccessful ?? envelope.AllUsedCount,
            }
            : null;
        return new ProcessImageReply(envelope, data, code, status, url, url is null ? null : now + Retention, regions, usage);
    }

    /// <summary>The error for a body <c>httpCode</c> (or real HTTP status) other than 200/304.</summary>
    /// <param name="code">The code.</param>
    /// <param name="msg">The vendor's <c>httpMsg</c>.</param>
    /// <param name="referer">The vendor's <c>msgInnerReferer</c>.</param>
    /// <param name="retryAfter">The answer's <c>Retry-After</c>.</param>
    /// <param name="tokenMode">Whether the call was sent in token mode (a 403 may then be the IP allow-list).</param>
    /// <param name="remainingUsage">The answer's <c>remainingUsage</c>, when it carries one (tells a used-up account from other 403s).</param>
    public static DocScanException FromHttpCode(int code, string? msg, string? referer, TimeSpan? retryAfter, bool tokenMode, long? remainingUsage = null)
    {
        var (kind, failure, text) = code switch
        {
            403 => Forbidden(tokenMode, remainingUsage),
            400 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "processimage.cn rejected the parameters; check the image and the rectangles, watermark names, keywords and offset."),
            401 when tokenMode => (DocScanErrorKind.Authentication, FailureClass.Permanent, "processimage.cn rejected the access token even after a new one was fetched; check the token source and the IP whitelist in the vendor console."),
            401 => (DocScanErrorKind.Authentication, FailureClass.Permanent, "processimage.cn rejected the signature; check DocScan:ProcessImage:AppId and DocScan:ProcessImage:AppSecret."),
            405 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "processimage.cn does not allow this request method here; check DocScan:ProcessImage:Path (default /watermark/access)."),
            413 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "processimage.cn refused the image as larger than its 4 MB limit; compress it (and lower DocScan:ProcessImage:MaxImageBytes if it let the image through)."),
            415 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "processimage.cn does not support this image type; send PNG, BMP or JPEG."),
            429 => (DocScanErrorKind.RateLimited, FailureClass.NotProcessed, "processimage.cn throttled the call (its default limit is 2 requests per second); slow down or lower DocScan:ProcessImage:RateLimit:PermitsPerSecond."),
            500 => (DocScanErrorKind.ServerError, FailureClass.Ambiguous, "processimage.cn reported a server error; try again later or contact the vendor."),
            503 => (DocScanErrorKind.ServerError, FailureClass.NotProcessed, "processimage.cn is unavailable (shutting down or overloaded); try again later."),
            _ => Other(code),
        };
        return HttpErrors.FromVendor(kind, failure, WithReferer(text, referer), code.ToString(CultureInfo.InvariantCulture), msg, retryAfter);
    }

    /// <summary>The error for a <c>processStatus</c> that is not a success.</summary>
    public static DocScanException FromProcessStatus(int status, string? msg, string? referer)
    {
        var (kind, failure, text) = status switch
        {
            52001 => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "processimage.cn did not process the image (52001, not charged): it failed the server's checks (size, parameters or an invalid request); check the input."),
            NoWatermark => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "processimage.cn found no text watermark to remove and no rectangles were given (52002, not charged; the image was not changed); pass Rectangles to say where the watermark is, or call DetectAsync first, which returns NoWatermarkFound instead of failing."),
            52003 => (DocScanErrorKind.Timeout, FailureClass.NotProcessed, "processimage.cn timed out processing the image (52003, not charged); try again later."),
            52004 => (DocScanErrorKind.ServerError, FailureClass.NotProcessed, "processimage.cn failed processing the image (52004, not charged); try again later or contact the vendor."),
            _ => (DocScanErrorKind.ServerError, FailureClass.Permanent, $"processimage.cn answered with the undocumented processStatus {status.ToString(CultureInfo.InvariantCulture)}."),
        };
        return HttpErrors.FromVendor(kind, failure, WithReferer(text, referer), status.ToString(CultureInfo.InvariantCulture), msg, retryAfter: null);
    }

    // The page says a 403 is "possibly" the usage count; in token mode the IP allow-list refusal is a 403 as well.
    private static (DocScanErrorKind, FailureClass, string) Forbidden(bool tokenMode, long? remaining)
    {
        const string Prefix = "processimage.cn refused the request (403). ";
        if (remaining is <= 0)
        {
            return (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent, Prefix + "The account has no calls left (remainingUsage 0); top up in the vendor console.");
        }

        string allowList = "the calling machine's IP address is not on the IP allow-list (白名单) of the vendor console, which token mode requires";
        if (remaining is { } left)
        {
            // Calls remain, so it is not the usage count.
            return (DocScanErrorKind.Authentication, FailureClass.Permanent, Prefix + $"The account still has {left.ToString(CultureInfo.InvariantCulture)} calls, so the usage count is not the cause"
                + (tokenMode ? "; most likely " + allowList + "." : "; check the account's state in the vendor console."));
        }

        return (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent, Prefix + "The vendor's page says this is possibly the account's usage count being used up"
            + (tokenMode ? "; in token mode it is also the answer when " + allowList + ". Check both in the vendor console." : "; check the remaining calls in the vendor console."));
    }

    private static (DocScanErrorKind, FailureClass, string) Other(int code)
    {
        var (kind, failure) = HttpErrors.Classify(code);
        return (kind, failure, $"processimage.cn answered with the undocumented code {code.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static string WithReferer(string text, string? referer)
        => string.IsNullOrEmpty(referer) ? text : text + " (vendor detail: " + referer + ")";

    private static int Round(double v) => (int)Math.Round(v, MidpointRounding.AwayFromZero);
}

/// <summary>A reply that passed <see cref="ProcessImageErrors.Interpret"/>, turned into the result of the operation that asked.</summary>
internal sealed class ProcessImageReply
{
    public ProcessImageReply(ProcessImageEnvelope envelope, ProcessImageData data, int code, int status, Uri? imageUrl, DateTimeOffset? imageExpiresAt, IReadOnlyList<WatermarkRegion> regions, ProcessImageUsage? usage)
    {
        Envelope = envelope;
        Data = data;
        Code = code;
        Status = status;
        ImageUrl = imageUrl;
        ImageExpiresAt = imageExpiresAt;
        Regions = regions;
        Usage = usage;
    }

    public ProcessImageEnvelope Envelope { get; }

    public ProcessImageData Data { get; }

    public int Code { get; }

    public int Status { get; }

    public Uri? ImageUrl { get; }

    public DateTimeOffset? ImageExpiresAt { get; }

    public IReadOnlyList<WatermarkRegion> Regions { get; }

    public ProcessImageUsage? Usage { get; }

    /// <summary>The pipeline's stamp of the call that brought the reply (vendor, status, attempts, headers), or null for a callback.</summary>
    public DocScanResult? Call { get; set; }

    /// <summary>Unknown top-level fields by name, unknown fields of <c>data</c> as <c>data.</c> + name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Unknown()
    {
        var all = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in Envelope.Extra ?? new Dictionary<string, JsonElement>())
        {
            all[pair.Key] = pair.Value;
        }

        foreach (var pair in Data.Extra ?? new Dictionary<string, JsonElement>())
        {
            all["data." + pair.Key] = pair.Value;
        }

        return DocScanResult.Unknown(all);
    }

    public ProcessImageRemoveWatermarkResult ToRemoved()
    {
        var result = new ProcessImageRemoveWatermarkResult
        {
            FromCache = Code == 304,
            OffsetIgnored = Status == 52005,
            ImageUrl = ImageUrl,
            ImageExpiresAt = ImageExpiresAt,
            Regions = Regions,
            ProcessCount = Data.ProcessCount,
            AdditionalData = Unknown(),
        };
        result.Fill(this);
        return result;
    }

    public ProcessImageDetectResult ToDetected()
    {
        var result = new ProcessImageDetectResult
        {
            FromCache = Code == 304,
            NoWatermarkFound = Status == ProcessImageErrors.NoWatermark,
            Regions = Regions,
            ProcessCount = Data.ProcessCount,
            AdditionalData = Unknown(),
        };
        result.Fill(this);
        return result;
    }

    public ProcessImageSubmitResult ToSubmitted()
    {
        var result = new ProcessImageSubmitResult { AdditionalData = Unknown() };
        result.Fill(this);
        return result;
    }
}
