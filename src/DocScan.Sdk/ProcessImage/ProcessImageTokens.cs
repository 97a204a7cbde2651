using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.ProcessImage;

/// <summary>Where processimage.cn tokens come from (token mode). The vendor documents no token endpoint, so this is pluggable.</summary>
/// <remarks>
/// The client calls it only when no valid token is cached, and only from one caller at a time; the vendor allows
/// 100 token fetches a day.
/// </remarks>
public interface IProcessImageTokenSource
{
    /// <summary>Fetches a new token.</summary>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The token, with its expiry when known.</returns>
    Task<ProcessImageToken> GetTokenAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Where the current processimage.cn token is kept (token mode). The default keeps it in the client's memory; a
/// store shared by several instances (a distributed cache) lets them share one token and the daily fetch quota.
/// </summary>
public interface IProcessImageTokenStore
{
    /// <summary>The stored token, or null when there is none.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The token, or null.</returns>
    Task<ProcessImageToken?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a freshly fetched token, replacing any other.</summary>
    /// <param name="token">The token, with its expiry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the token is stored.</returns>
    Task SetAsync(ProcessImageToken token, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="token"/> if it is still the stored one (the vendor rejected it).</summary>
    /// <param name="token">The rejected token's value.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the token is removed.</returns>
    Task RemoveAsync(string token, CancellationToken cancellationToken = default);
}

/// <summary>The default token store: one token in memory, for one client.</summary>
public sealed class InMemoryProcessImageTokenStore : IProcessImageTokenStore
{
    private readonly object _lock = new();
    private ProcessImageToken? _token;

    /// <inheritdoc />
    public Task<ProcessImageToken?> GetAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_token);
        }
    }

    /// <inheritdoc />
    public Task SetAsync(ProcessImageToken token, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _token = token ?? throw new ArgumentNullException(nameof(token));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string token, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_token is not null && _token.Value == token)
            {
                _token = null;
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>A token source over a delegate that returns the token string.</summary>
internal sealed class DelegateTokenSource : IProcessImageTokenSource
{
    private readonly Func<CancellationToken, Task<string>> _fetch;

    public DelegateTokenSource(Func<CancellationToken, Task<string>> fetch) => _fetch = fetch;

    public async Task<ProcessImageToken> GetTokenAsync(CancellationToken cancellationToken = default)
        => new(await _fetch(cancellationToken).ConfigureAwait(false));
}

/// <summary>
/// The token source for <see cref="ProcessImageClientOptions.TokenEndpoint"/>: <c>GET</c> with <c>appId</c> in the query
/// (never the secret); the answer is a plain-text token or JSON with the token at a few likely places.
/// </summary>
internal sealed class EndpointTokenSource : IProcessImageTokenSource
{
    private const int MaxBytes = 64 * 1024;
    private readonly ProcessImageClientOptions _options;
    private readonly Func<HttpClient> _client;
    private readonly TimeProvider _time;

    public EndpointTokenSource(ProcessImageClientOptions options, Func<HttpClient> client, TimeProvider time)
    {
        _options = options;
        _client = client;
        _time = time;
    }

    public async Task<ProcessImageToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var endpoint = _options.TokenEndpoint ?? throw HeaderKeyAuthenticator.MissingCredential(ProcessImageClient.VendorName, "DocScan:ProcessImage:TokenEndpoint");
        string uri = endpoint.ToString();
        if (!string.IsNullOrEmpty(_options.AppId))
        {
            uri += (uri.IndexOf('?') >= 0 ? "&" : "?") + "appId=" + Uri.EscapeDataString(_options.AppId!);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, UriKind.Absolute));

        // The shared fetch runs without any caller's token (others may wait on it), so it bounds itself: a token
        // endpoint whose body stalls would otherwise keep every later call waiting on the same fetch.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.AttemptTimeout);
        HttpResponseMessage response;
        ResponseBody body;
        try
        {
            response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            try
            {
                body = await ResponseBody.ReadAsync(response, bounded.Token).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DocScanException(DocScanErrorKind.Timeout, $"the token endpoint did not answer within AttemptTimeout ({_options.AttemptTimeout.TotalSeconds:0.###} s); nothing was sent to processimage.cn. Check DocScan:ProcessImage:TokenEndpoint.", e)
            {
                Failure = FailureClass.NotProcessed,
            };
        }
        catch (IOException e)
        {
            throw new DocScanException(DocScanErrorKind.Network, "the connection to the token endpoint failed (" + e.GetType().Name + "); nothing was sent to processimage.cn.", e)
            {
                Failure = FailureClass.NotProcessed,
            };
        }

        using var disposeResponse = response;
        using var disposeBody = body;
        int status = (int)response.StatusCode;
        if (status is < 200 or >= 300)
        {
            throw new DocScanException(DocScanErrorKind.Authentication, $"the token endpoint answered HTTP {status}; check DocScan:ProcessImage:TokenEndpoint and the vendor console's IP whitelist.")
            {
                HttpStatus = status,
                Failure = status is 429 or 503 ? FailureClass.NotProcessed : FailureClass.Permanent,
            };
        }

        if (body.Length > MaxBytes)
        {
            throw new DocScanException(DocScanErrorKind.InvalidResponse, "the token endpoint's answer is too large to be a token.") { Failure = FailureClass.Permanent };
        }

        return Parse(body.Span, _time.GetUtcNow()) ?? throw new DocScanException(
            DocScanErrorKind.InvalidResponse,
            "the token endpoint's answer holds no token (expected plain text, or JSON with token / accessToken / access_token, optionally inside data).")
        { Failure = FailureClass.Permanent };
    }

    /// <summary>Reads a token from a plain-text or JSON answer; null when there is none.</summary>
    internal static ProcessImageToken? Parse(ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var text = TrimWhite(body);
        if (text.IsEmpty)
        {
            return null;
        }

        if (text[0] != (byte)'{')
        {
            var plain = Encoding.UTF8.GetString(text.ToArray()).Trim().Trim('"');
            return plain.Length == 0 || plain.IndexOfAny(new[] { ' ', '<', '\n' }) >= 0 ? null : new ProcessImageToken(plain);
        }

        try
        {
            // Repaired first: GetString() on invalid UTF-8 would throw InvalidOperationException.
            using var doc = JsonDocument.Parse(Utf8Json.Repair(text).ToArray());
            var root = doc.RootElement;
            if (root.TryGetProperty("httpCode", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out int c) && c != 200)
            {
                string? msg = root.TryGetProperty("httpMsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                throw new DocScanException(DocScanErrorKind.Authentication, "the token endpoint refused to issue a token; check DocScan:ProcessImage:AppId and the vendor console's IP whitelist.")
                {
                    VendorCode = c.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    VendorMessage = msg,
                    Failure = FailureClass.Permanent,
                };
            }

            var found = Find(root);
            if (found is null && root.TryGetProperty("data", out var data))
            {
                found = data.ValueKind == JsonValueKind.String ? (data.GetString(), null) : data.ValueKind == JsonValueKind.Object ? Find(data) : null;
            }

            if (found is not { Token: { Length: > 0 } token } f)
            {
                return null;
            }

            return new ProcessImageToken(token, f.ExpiresIn is { } seconds ? now + TimeSpan.FromSeconds(seconds) : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ReadOnlySpan<byte> TrimWhite(ReadOnlySpan<byte> s)
    {
        int start = 0, end = s.Length;
        while (start < end && s[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        while (end > start && s[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return s.Slice(start, end - start);
    }

    private static (string? Token, double? ExpiresIn)? Find(JsonElement obj)
    {
        foreach (var name in new[] { "token", "accessToken", "access_token" })
        {
            if (obj.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String)
            {
                double? expires = null;
                foreach (var e in new[] { "expiresIn", "expires_in" })
                {
                    if (obj.TryGetProperty(e, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d > 0)
                    {
                        expires = d;
                    }
                }

                return (t.GetString(), expires);
            }
        }

        return null;
    }
}
