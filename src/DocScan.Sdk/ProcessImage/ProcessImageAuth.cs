using System;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.ProcessImage;

/// <summary>processimage.cn's MD5 signing: salt, image MD5 and the request signature.</summary>
internal static class ProcessImageSigning
{
    public const string SignHeader = "x-access-api-sign";
    public const string TokenHeader = "x-access-api-token";

    /// <summary>The smallest and largest salt: 8 digits, the first never 0 (the server parses it as an integer).</summary>
    public const int MinSalt = 10_000_000;
    public const int MaxSalt = 99_999_999;

#if NETSTANDARD2_0
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();
#endif

    /// <summary>A new salt, uniformly from 10000000–99999999.</summary>
    public static int NewSalt()
    {
#if NETSTANDARD2_0
        const uint Range = MaxSalt - MinSalt + 1;
        const uint Limit = uint.MaxValue - (uint.MaxValue % Range);
        var bytes = new byte[4];
        while (true)
        {
            Rng.GetBytes(bytes);
            uint v = BitConverter.ToUInt32(bytes, 0);
            if (v < Limit)
            {
                return MinSalt + (int)(v % Range);
            }
        }
#else
        return RandomNumberGenerator.GetInt32(MinSalt, MaxSalt + 1);
#endif
    }

    /// <summary>The lowercase hex MD5 of <paramref name="data"/>.</summary>
    public static string Md5Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[16];
#pragma warning disable CA5351 // MD5 is the vendor's protocol, not our choice.
#if NETSTANDARD2_0
        using (var md5 = MD5.Create())
        {
            md5.ComputeHash(data.ToArray()).CopyTo(hash);
        }
#else
        MD5.HashData(data, hash);
#endif
#pragma warning restore CA5351
        return ToLowerHex(hash);
    }

    /// <summary><c>md5(appId + imageMd5 + salt + appSecret)</c> as 32 lowercase hex digits. The secret's bytes are cleared after use.</summary>
    public static string Sign(string appId, string imageMd5, int salt, string appSecret)
    {
        string saltText = salt.ToString(CultureInfo.InvariantCulture);
        int length = Encoding.UTF8.GetByteCount(appId) + Encoding.UTF8.GetByteCount(imageMd5) + saltText.Length + Encoding.UTF8.GetByteCount(appSecret);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int n = Encoding.UTF8.GetBytes(appId, 0, appId.Length, buffer, 0);
            n += Encoding.UTF8.GetBytes(imageMd5, 0, imageMd5.Length, buffer, n);
            n += Encoding.UTF8.GetBytes(saltText, 0, saltText.Length, buffer, n);
            n += Encoding.UTF8.GetBytes(appSecret, 0, appSecret.Length, buffer, n);
            return Md5Hex(buffer.AsSpan(0, n));
        }
        finally
        {
            Array.Clear(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string ToLowerHex(ReadOnlySpan<byte> bytes)
    {
#if NETSTANDARD2_0
        var chars = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Hex(bytes[i] >> 4);
            chars[(2 * i) + 1] = Hex(bytes[i] & 0xF);
        }

        return new string(chars);

        static char Hex(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);
#else
        return Convert.ToHexStringLower(bytes);
#endif
    }
}

/// <summary>
/// Signature mode: signs every attempt. The attempt's form (<see cref="ProcessImageForm"/>) was built by the
/// client's content factory with a fresh salt and carries the salt, the app id and the per-call image MD5, so the
/// signature always matches the form fields sent with it.
/// </summary>
internal sealed class SignatureAuthenticator : RequestAuthenticator
{
    private readonly ProcessImageClientOptions _options;

    public SignatureAuthenticator(ProcessImageClientOptions options) => _options = options;

    public override ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            return default; // downloads of processed images need no credentials
        }

        if (request.Content is not ProcessImageForm { Signing: { } signing })
        {
            throw new DocScanException(DocScanErrorKind.InvalidRequest, "signature mode signs the MD5 of an uploaded file; this request has none.") { Failure = FailureClass.Permanent };
        }

        var secret = _options.AppSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw HeaderKeyAuthenticator.MissingCredential(ProcessImageClient.VendorName, "DocScan:ProcessImage:AppSecret");
        }

        request.Headers.Remove(ProcessImageSigning.SignHeader);
        request.Headers.TryAddWithoutValidation(ProcessImageSigning.SignHeader, ProcessImageSigning.Sign(signing.AppId, signing.ImageMd5, signing.Salt, secret!));
        return default;
    }
}

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
        if (request.Method == HttpMethod.Get)
        {
            return; // downloads of processed images need no token (and must not spend a token fetch)
        }

        string token = await _cache.GetAsync(_fetch, cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(ProcessImageSigning.TokenHeader);
        request.Headers.TryAddWithoutValidation(ProcessImageSigning.TokenHeader, token);
    }

    /// <summary>
    /// A rejected token is a real 401, or (as the vendor answers nearly every error) an HTTP 200 whose JSON body
    /// says <c>httpCode: 401</c>. To look, the body is buffered, so the caller can still read it afterwards.
    /// </summary>
    public override async ValueTask<bool> RejectsCachedCredentialsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.RequestMessage is not { } request
            || request.Method == HttpMethod.Get
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
