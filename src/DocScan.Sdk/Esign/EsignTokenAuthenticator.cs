using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Esign;

/// <summary>
/// OAuth2 mode: a token from <c>/v1/oauth2/access_token</c>, cached and shared (one fetch at a time: a new token cuts
/// the previous one to 5 minutes), refreshed with <c>/v1/oauth2/refresh_token</c> before expiry, dropped and
/// fetched again once when the gateway answers that the token is no longer accepted ("TOKEN错误", in a 401 or in the body).
/// </summary>
internal sealed class EsignTokenAuthenticator : RequestAuthenticator
{
    /// <summary>How long a token lives, when the answer's <c>expiresIn</c> is missing or not a future time.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(120);

    private readonly EsignClientOptions _options;
    private readonly VendorServices _services;
    private readonly ILogger _logger;
    private readonly TokenCache _cache;
    private readonly object _lock = new();
    private (string Token, string RefreshToken)? _issued;

    public EsignTokenAuthenticator(EsignClientOptions options, VendorServices services)
    {
        _options = options;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger("DocScan.Sdk." + EsignClient.VendorName);
        _cache = services.Tokens(options.TokenRefreshBefore);
    }

    /// <summary>How many token requests were started (access or refresh).</summary>
    internal int FetchCount => _cache.FetchCount;

    public override async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string appId = string.IsNullOrWhiteSpace(_options.AppId) ? throw EsignHeaders.Missing(nameof(EsignClientOptions.AppId)) : _options.AppId!;
        if (string.IsNullOrWhiteSpace(_options.AppSecret))
        {
            throw EsignHeaders.Missing(nameof(EsignClientOptions.AppSecret));
        }

        string token = await _cache.GetAsync(FetchAsync, cancellationToken).ConfigureAwait(false);
        EsignHeaders.SetCommon(request, appId);
        request.Headers.Remove(EsignHeaders.AuthMode);
        request.Headers.Remove(EsignHeaders.Timestamp);
        request.Headers.Remove(EsignHeaders.Signature);
        EsignHeaders.Set(request, EsignHeaders.Token, token);
    }

    /// <summary>
    /// A token the gateway no longer accepts: HTTP 401 with a token-error message, or any answer whose JSON body has a
    /// non-zero <c>code</c> and a token-error message (<see cref="EsignErrors.IsTokenRejection"/>). The body is read
    /// under the attempt's token (a stalled body ends with the attempt timeout) and put back for the client.
    /// </summary>
    public override bool CachesCredentials => true;

    public override async ValueTask<bool> RejectsCachedCredentialsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.RequestMessage is not { } sent || !sent.Headers.TryGetValues(EsignHeaders.Token, out var values))
        {
            return false;
        }

        bool unauthorized = response.StatusCode == HttpStatusCode.Unauthorized;
        string? mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (!unauthorized && mediaType is not null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false; // not the gateway's JSON
        }

        byte[]? body = await BufferBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (body is null || body.Length == 0)
        {
            return false;
        }

        EsignStatus? status;
        try
        {
            status = Utf8Json.Deserialize(body, EsignJsonContext.Wire.EsignStatus);
        }
        catch (JsonException)
        {
            return false;
        }

        bool failedCode = status?.Code is { } c && !(EsignLenientStringConverter.TryParseLong(c, out long code) && code == 0);
        if (!(unauthorized || failedCode) || !EsignErrors.IsTokenRejection(status?.Message, _options.TokenRejectionMessages))
        {
            return false;
        }

        foreach (var rejected in values)
        {
            _cache.Invalidate(rejected);
        }

        Log.Auth(_logger, EsignClient.VendorName, "the gateway rejected the OAuth2 token (HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            + ", code " + (EsignLenientStringConverter.TryParseLong(status?.Code, out long logged) ? logged.ToString(CultureInfo.InvariantCulture) : "-") // numbers only: the body is the server's text
            + "); fetching a new one and resending once");
        return true;
    }

    private async Task<CachedToken> FetchAsync(CachedToken? previous, CancellationToken cancellationToken)
    {
        string appId = _options.AppId ?? string.Empty;
        string? refreshToken = null;
        lock (_lock)
        {
            if (previous is { } p && _issued is { } issued && issued.Token == p.Value && issued.RefreshToken.Length > 0)
            {
                refreshToken = issued.RefreshToken;
            }
            else if (previous is { RefreshToken: { Length: > 0 } shared })
            {
                refreshToken = shared; // issued to another client (or process) of the same account
            }
        }

        if (refreshToken is not null)
        {
            try
            {
                return await RequestAsync(
                    "/v1/oauth2/refresh_token?appId=" + Uri.EscapeDataString(appId) + "&refreshToken=" + Uri.EscapeDataString(refreshToken) + "&grantType=refresh_token",
                    "refreshed",
                    cancellationToken).ConfigureAwait(false);
            }
            catch (DocScanException e) when (e.Kind is DocScanErrorKind.Authentication or DocScanErrorKind.InvalidRequest or DocScanErrorKind.InvalidResponse)
            {
                // The refresh token is no longer accepted: fall back to a new token.
                Log.Auth(_logger, EsignClient.VendorName, "the OAuth2 refresh was refused (" + e.Kind + "); fetching a new token");
            }
        }

        return await RequestAsync(
            "/v1/oauth2/access_token?appId=" + Uri.EscapeDataString(appId) + "&secret=" + Uri.EscapeDataString(_options.AppSecret ?? string.Empty) + "&grantType=client_credentials",
            "fetched",
            cancellationToken).ConfigureAwait(false);
    }

    // The query carries the secret: the logging handler logs paths only, and no message here quotes the URL.
    private async Task<CachedToken> RequestAsync(string pathAndQuery, string verb, CancellationToken cancellationToken)
    {
        var uri = new Uri(_options.EffectiveBaseAddress!.ToString().TrimEnd('/') + pathAndQuery);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Accept", EsignSigner.DefaultAccept);
            response = await _services.TokenClient().SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DocScanException(DocScanErrorKind.Timeout, $"the OAuth2 token request got no answer within AttemptTimeout ({_options.AttemptTimeout.TotalSeconds:0.###} s); the OCR request was not sent.", e)
            {
                Failure = FailureClass.NotProcessed,
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new DocScanException(DocScanErrorKind.Network, "the OAuth2 token request failed (" + e.GetType().Name + "); the OCR request was not sent.", e)
            {
                Failure = FailureClass.NotProcessed,
            };
        }

        using (response)
        {
            using var body = await ResponseBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            EsignEnvelope<EsignTokenData>? envelope;
            try
            {
                envelope = EsignClient.Parse(body, EsignJsonContext.Wire.EsignEnvelopeEsignTokenData, nullIfNotJson: status is < 200 or >= 300, "e签宝's OAuth2 token {code, message, data} JSON");
            }
            catch (DocScanException e)
            {
                throw Token(e, status);
            }

            if (envelope is { Code: { } code } && !(EsignLenientStringConverter.TryParseLong(code, out long n) && n == 0))
            {
                var refused = code == EsignErrors.GatewayRefusal
                    ? EsignErrors.Gateway(envelope.Message, status, _options)
                    : new DocScanException(DocScanErrorKind.Authentication, "e签宝 refused the OAuth2 token request; check DocScan:Esign:AppId, DocScan:Esign:AppSecret and DocScan:Esign:Environment (now " + _options.Environment + ").")
                    {
                        VendorCode = code,
                        VendorMessage = string.IsNullOrEmpty(envelope.Message) ? null : envelope.Message,
                        Failure = FailureClass.Permanent,
                    };
                throw Token(refused, status);
            }

            if (status is < 200 or >= 300)
            {
                throw Token(status == 401 ? EsignErrors.Gateway(null, status, _options) : HttpErrors.FromStatus(status, HttpErrors.RetryAfter(response, _services.Time)), status);
            }

            var data = envelope?.Data;
            if (data?.Token is not { Length: > 0 } token)
            {
                throw Token(body.Invalid("the OAuth2 token answer has no token", null), status);
            }

            if (!Utf8Json.IsHeaderSafe(token))
            {
                // Never the value: only that it cannot be sent as X-Tsign-Open-Token.
                throw Token(body.Invalid("the OAuth2 token holds spaces, control or non-ASCII characters and cannot be sent as a header", null), status);
            }

            var now = _services.Time.GetUtcNow();
            var expires = now + DefaultLifetime;
            if (EsignLenientStringConverter.TryParseLong(data.ExpiresIn, out long ms) && ms > 0)
            {
                var absolute = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ms, 253402300799999L));
                if (absolute > now)
                {
                    expires = absolute;
                }
            }

            lock (_lock)
            {
                _issued = (token, data.RefreshToken ?? string.Empty);
            }

            Log.Auth(_logger, EsignClient.VendorName, "OAuth2 token " + verb + ", valid until " + expires.ToString("u", CultureInfo.InvariantCulture));
            return new CachedToken(token, expires, data.RefreshToken);
        }
    }

    // The OCR request was not sent: a token failure is never ambiguous.
    private static DocScanException Token(DocScanException e, int status)
        => e.Failure == FailureClass.Ambiguous
            ? new DocScanException(e.Kind, e.Message.Length > 0 ? "the OAuth2 token request failed: " + e.Message + " The OCR request was not sent." : "the OAuth2 token request failed.", e)
            {
                HttpStatus = status,
                VendorCode = e.VendorCode,
                VendorMessage = e.VendorMessage,
                Failure = FailureClass.NotProcessed,
            }
            : e;
}
