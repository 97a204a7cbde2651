using System;
using System.Text.Json.Serialization.Metadata;
using System.Collections.Generic;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.Esign;

/// <summary>e签宝's body codes and gateway refusals in the common error model.</summary>
internal static class EsignErrors
{
    /// <summary>缺少参数:image不能为空.</summary>
    public const string ImageMissing = "30500100";

    /// <summary>参数错误:文件大小超出限制,最大1MB.</summary>
    public const string ImageTooLarge = "30500101";

    /// <summary>The gateway's refusal code (in the body, with HTTP 401).</summary>
    public const string GatewayRefusal = "401";

    /// <summary>The gateway's message for an expired or unknown OAuth2 token.</summary>
    public const string TokenRejected = "TOKEN错误";

    /// <summary>Whether a gateway message says the OAuth2 token is wrong or expired (a refresh may fix it).</summary>
    /// <param name="message">The answer's <c>message</c>.</param>
    /// <param name="extra">More messages that mean the same (<see cref="EsignClientOptions.TokenRejectionMessages"/>), or null.</param>
    public static bool IsTokenRejection(string? message, IEnumerable<string>? extra = null)
    {
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        if (message!.IndexOf(TokenRejected, StringComparison.OrdinalIgnoreCase) >= 0
            || (message.IndexOf("TOKEN", StringComparison.OrdinalIgnoreCase) >= 0
                && (message.IndexOf("过期", StringComparison.Ordinal) >= 0 || message.IndexOf("无效", StringComparison.Ordinal) >= 0
                    || message.IndexOf("EXPIRE", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("INVALID", StringComparison.OrdinalIgnoreCase) >= 0)))
        {
            return true;
        }

        foreach (var m in extra ?? Array.Empty<string>())
        {
            if (!string.IsNullOrWhiteSpace(m) && message.IndexOf(m.Trim(), StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The error for a non-zero body <c>code</c>.</summary>
    public static DocScanException FromCode(string code, string? message, int httpStatus, EsignClientOptions options, TimeSpan? retryAfter)
    {
        // A token error in the body (any code) was already given one refresh-and-resend by the authenticator.
        if (code == GatewayRefusal || (options.AuthMode == EsignAuthMode.OAuth2 && IsTokenRejection(message, options.TokenRejectionMessages)))
        {
            return Gateway(message, httpStatus, options, code);
        }

        var (kind, failure, text) = code switch
        {
            ImageMissing => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "e签宝 received no image (code 30500100); pass a non-empty JPEG, PNG or BMP."),
            ImageTooLarge => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent, "the image is over e签宝's 1 MB limit (code 30500101); compress it or lower its resolution (600×800 is enough), then call again (and lower DocScan:Esign:MaxImageBytes if it let the image through)."),
            _ => Other(code, httpStatus),
        };
        return HttpErrors.FromVendor(kind, failure, text, code, message, retryAfter);
    }

    /// <summary>The error for a gateway refusal (<c>{"success":false,"code":401,"message":…}</c>), or an HTTP 401 without a readable body.</summary>
    /// <param name="message">The gateway's message.</param>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="options">The client's options, for advice.</param>
    /// <param name="code">The body's code (the gateway's <c>401</c>, or another code that carries a token error).</param>
    public static DocScanException Gateway(string? message, int httpStatus, EsignClientOptions options, string code = GatewayRefusal)
    {
        string host = options.EffectiveBaseAddress?.Host ?? "?";
        string text = message switch
        {
            "无效的应用" => $"the e签宝 gateway at {host} does not know this app id (无效的应用). An app id works only in its own environment: "
                + $"production app ids usually start with 5111, sandbox ones with 7438 or 4438. Set DocScan:Esign:Environment (now {options.Environment}) to the app's environment, and check DocScan:Esign:AppId."
                + EnvironmentHint(options),
            "INVALID_SIGNATURE" => "the e签宝 gateway rejected the request signature; check DocScan:Esign:AppSecret (it must be the secret of this app id, in this environment).",
            "INVALID_TIMESTAMP" => "the e签宝 gateway rejected the request timestamp; this machine's clock must be within 15 minutes of real time (sync it with NTP).",
            "AUTHSTRATEGY_NOT_FOUND" => $"the e签宝 gateway has no {options.AuthMode} access configured for this app; enable it for the app in the e签宝 console or change DocScan:Esign:AuthMode.",
            "缺少参数" => "the e签宝 gateway says an authentication header is missing; check DocScan:Esign:AppId and DocScan:Esign:AuthMode.",
            "TOKEN_CANT_BE_NULL" => "the e签宝 gateway received no OAuth2 token; check DocScan:Esign:AuthMode.",
            _ when IsTokenRejection(message, options.TokenRejectionMessages) => "the e签宝 gateway rejected the OAuth2 token even after one refresh; check DocScan:Esign:AppId and DocScan:Esign:AppSecret, and that no other process fetches tokens for the same app (each new token cuts the previous one to 5 minutes).",
            _ => $"the e签宝 gateway at {host} refused the credentials; check DocScan:Esign:AppId, DocScan:Esign:AppSecret and DocScan:Esign:Environment (now {options.Environment}).",
        };
        return HttpErrors.FromVendor(DocScanErrorKind.Authentication, FailureClass.Permanent, text, code, message, retryAfter: null, httpStatus: httpStatus);
    }

    // The vendor's page documents two codes; others keep their number and message. A code that is an HTTP status
    // (the gateway uses those) is classified as one; otherwise the HTTP status decides, and a 200 is a permanent refusal.
    private static (DocScanErrorKind, FailureClass, string) Other(string code, int httpStatus)
    {
        if (EsignLenientStringConverter.TryParseLong(code, out long n) && n is >= 400 and < 600)
        {
            var (kind, failure) = HttpErrors.Classify((int)n);
            return (kind, failure, $"the e签宝 gateway answered with code {code}; see VendorMessage.");
        }

        if (httpStatus is < 200 or >= 300)
        {
            var (kind, failure) = HttpErrors.Classify(httpStatus);
            return (kind, failure, $"e签宝 answered HTTP {httpStatus} with code {code}; see VendorMessage.");
        }

        return (DocScanErrorKind.ServerError, FailureClass.Permanent, $"e签宝 refused the call with code {code}, which its OCR page does not document; see VendorMessage for the reason (not retried: the call may have been charged).");
    }

    private static string EnvironmentHint(EsignClientOptions options)
    {
        string? id = options.AppId;
        if (string.IsNullOrEmpty(id))
        {
            return string.Empty;
        }

        bool looksSandbox = id!.StartsWith("7438", StringComparison.Ordinal) || id.StartsWith("4438", StringComparison.Ordinal);
        bool looksProduction = id.StartsWith("5111", StringComparison.Ordinal);
        return options.Environment switch
        {
            EsignEnvironment.Production when looksSandbox => " This app id looks like a sandbox one.",
            EsignEnvironment.Sandbox when looksProduction => " This app id looks like a production one.",
            _ => string.Empty,
        };
    }

    /// <summary>e签宝's OCR envelope and codes for <see cref="VendorResponse"/>; needs the client's options for its advice.</summary>
    public sealed class Map : IVendorErrorMap<EsignEnvelope<EsignOcrData>>
    {
        private readonly EsignClientOptions _options;

        public Map(EsignClientOptions options) => _options = options;

        public JsonTypeInfo<EsignEnvelope<EsignOcrData>> Envelope => EsignJsonContext.Wire.EsignEnvelopeEsignOcrData;

        public string EnvelopeDescription => "e签宝's {code, message, data} JSON";

        public bool RepairsInvalidUtf8 => true;

        public DocScanException? FromEnvelope(EsignEnvelope<EsignOcrData> envelope, int status, TimeSpan? retryAfter)
            => envelope.Code is { } code && !(EsignLenientStringConverter.TryParseLong(code, out long n) && n == 0)
                ? FromCode(code, envelope.Message, status, _options, retryAfter)
                : null;

        public DocScanException FromStatus(int status, EsignEnvelope<EsignOcrData>? envelope, TimeSpan? retryAfter)
            => status == 401 ? Gateway(envelope?.Message, status, _options) : HttpErrors.FromStatus(status, retryAfter);
    }
}
