using System;
using System.Buffers.Text;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.ProcessImage;

/// <summary>
/// Token mode: puts the cached token on every attempt (one fetch shared by concurrent callers, refreshed before
/// expiry), and after a token rejection invalidates it so the request is sent once more with a new token.
/// </summary>
internal sealed class TokenAuthenticator : RequestAuthenticator
{
    private readonly TokenCache _cache;
    private readonly Func<CachedToken?, CancellationToken, Task<CachedToken>> _fetch;
    private readonly IProcessImageTokenStore _store;
    private readonly ILogger _logger;

    public TokenAuthenticator(ProcessImageClientOptions options, VendorServices services)
    {
        var source = options.TokenSource() ?? new EndpointTokenSource(options, services.TokenClient, services.Time);
        _store = options.TokenStore() ?? new InMemoryProcessImageTokenStore();
        _logger = services.LoggerFactory.CreateLogger("DocScan.Sdk." + ProcessImageClient.VendorName);
        var time = services.Time;
        var lifetime = options.TokenLifetime;
        var refreshBefore = options.TokenRefreshBefore;
        _cache = services.Tokens(refreshBefore);
        _fetch = async (previous, ct) =>
        {
            var now = time.GetUtcNow();

            // Another instance sharing the store may have fetched one already.
            var stored = await _store.GetAsync(ct).ConfigureAwait(false);
            if (stored is not null && stored.Value != previous?.Value && (stored.ExpiresAt ?? DateTimeOffset.MinValue) - refreshBefore > now)
            {
                return new CachedToken(stored.Value, stored.ExpiresAt!.Value);
            }

            ProcessImageToken fetched;
            try
            {
                fetched = await source.GetTokenAsync(ct).ConfigureAwait(false)
                    ?? throw new DocScanException(DocScanErrorKind.Authentication, "the token source returned no token.") { Failure = FailureClass.Permanent };
            }
            catch (Exception e) when (e is not DocScanException and not OperationCanceledException)
            {
                throw new DocScanException(
                    e is HttpRequestException ? DocScanErrorKind.Network : DocScanErrorKind.Authentication,
                    $"the token source failed ({e.GetType().Name}); nothing was sent to processimage.cn.",
                    e)
                { Failure = e is HttpRequestException ? FailureClass.NotProcessed : FailureClass.Permanent };
            }

            if (!Utf8Json.IsHeaderSafe(fetched.Value))
            {
                throw new DocScanException(DocScanErrorKind.Authentication, "the token source returned a token with spaces, control or non-ASCII characters, which cannot be sent as the x-access-api-token header; check DocScan:ProcessImage:TokenEndpoint or the token source.") { Failure = FailureClass.Permanent };
            }

            var expires = fetched.ExpiresAt ?? now + lifetime;
            await _store.SetAsync(new ProcessImageToken(fetched.Value, expires), ct).ConfigureAwait(false);
            Log.Auth(_logger, ProcessImageClient.VendorName, "fetched a new access token, valid until " + expires.ToString("O", CultureInfo.InvariantCulture));
            return new CachedToken(fetched.Value, expires);
        };
    }

    /// <summary>How many token fetches were started.</summary>
    public int FetchCount => _cache.FetchCount;

    public override async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string token = await _cache.GetAsync(_fetch, cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(ProcessImageSigning.TokenHeader);
        request.Headers.TryAddWithoutValidation(ProcessImageSigning.TokenHeader, token);
    }

    /// <summary>
    /// A rejected token is a real 401, or (as the vendor answers nearly every error) an HTTP 200 whose JSON body
    /// says <c>httpCode: 401</c>. To look, the body is buffered, so the caller can still read it afterwards.
    /// </summary>
    public override bool CachesCredentials => true;

    public override async ValueTask<bool> RejectsCachedCredentialsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.RequestMessage is not { } request
            || !request.Headers.TryGetValues(ProcessImageSigning.TokenHeader, out var values))
        {
            return false;
        }

        bool rejected = response.StatusCode == HttpStatusCode.Unauthorized
            || (response.StatusCode == HttpStatusCode.OK && await BodySaysUnauthorizedAsync(response, cancellationToken).ConfigureAwait(false));
        if (!rejected)
        {
            return false;
        }

        string token = values.First();
        _cache.Invalidate(token);
        await _store.RemoveAsync(token, cancellationToken).ConfigureAwait(false);
        Log.Auth(_logger, ProcessImageClient.VendorName, "the access token was rejected; fetching a new one and sending the request once more");
        return true;
    }

    private static async Task<bool> BodySaysUnauthorizedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        // Read with the attempt's token (a stalled body ends with the attempt timeout) and put back for the client.
        var bytes = await BufferBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return bytes is not null && PeekHttpCode(bytes) == 401;
    }

    /// <summary>The top-level <c>httpCode</c> of a JSON body, or null.</summary>
    internal static int? PeekHttpCode(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool match = reader.ValueTextEquals("httpCode"u8);
                reader.Read();
                if (match)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int n))
                    {
                        return n;
                    }

                    // Raw bytes, not GetString(): a string with invalid UTF-8 must not throw InvalidOperationException.
                    return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                        && Utf8Parser.TryParse(reader.ValueSpan, out int s, out int used) && used == reader.ValueSpan.Length ? s : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
