using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// Puts credentials on one attempt's request. One instance per client (it may cache tokens); the
/// <see cref="AuthHandler"/> calls it for every attempt, inside the retry, so each attempt is signed afresh.
/// </summary>
internal abstract class RequestAuthenticator
{
    /// <summary>Adds the credentials (headers, signature, token) to <paramref name="request"/>.</summary>
    /// <exception cref="DocScanException">Credentials are missing (<see cref="DocScanErrorKind.Authentication"/>).</exception>
    public abstract ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="response"/> rejects cached credentials (an expired token) that a refresh can fix.
    /// When it returns <see langword="true"/> the credentials have been invalidated and the request is sent
    /// once more, rebuilt and re-authenticated.
    /// </summary>
    public virtual ValueTask<bool> RejectsCachedCredentialsAsync(HttpResponseMessage response, CancellationToken cancellationToken) => new(false);

    /// <summary>
    /// Reads the whole body of <paramref name="response"/> so an authenticator can look at it, and puts it back as
    /// buffered content (same headers) so the client reads it as usual afterwards.
    /// </summary>
    /// <remarks>
    /// The read runs under <paramref name="cancellationToken"/>, the attempt's token, so a body that stalls after the
    /// headers ends with the attempt timeout (and so within the call's total timeout) instead of hanging.
    /// </remarks>
    /// <returns>The body, or null when there is none or its declared length is over <see cref="ResponseBody.MaxBytes"/> (then it is left unread).</returns>
    /// <exception cref="DocScanException">The connection failed while the body was read (<see cref="DocScanErrorKind.Network"/>, ambiguous: the request was sent), or the body is larger than the SDK reads.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the attempt timed out or the caller cancelled).</exception>
    protected static async ValueTask<byte[]?> BufferBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content is null || content.Headers.ContentLength > ResponseBody.MaxBytes)
        {
            return null;
        }

        var buffer = new MemoryStream();
        try
        {
#if NETSTANDARD2_0
            // .NET Framework's reads may ignore the token: disposing the content aborts a stalled read.
            using var abort = cancellationToken.Register(static c => ((HttpContent)c!).Dispose(), content);
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#else
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#endif
            byte[] chunk = new byte[16 * 1024];
            while (true)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (buffer.Length + read > ResponseBody.MaxBytes)
                {
                    throw new DocScanException(DocScanErrorKind.InvalidResponse, $"the response body is larger than the {ResponseBody.MaxBytes} bytes the SDK reads.") { Failure = FailureClass.Permanent };
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            // The request was sent: a failure now is ambiguous, never "not processed".
            throw HttpErrors.FromNetwork(e, responseStarted: true);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            // The read was aborted because the attempt ended: report it as the cancellation it is.
            throw new OperationCanceledException("The response body was not read before the attempt ended.", e, cancellationToken);
        }

        byte[] body = buffer.ToArray();
        var buffered = new ByteArrayContent(body);
        foreach (var header in content.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = buffered;
        content.Dispose();
        return body;
    }
}

/// <summary>JSON from a vendor that may not be valid UTF-8.</summary>
/// <remarks>
/// System.Text.Json throws <see cref="InvalidOperationException"/> (not <see cref="JsonException"/>) when a string or
/// property name holds invalid UTF-8. A body with invalid bytes is repaired first (each invalid sequence becomes
/// U+FFFD, as <see cref="Encoding.UTF8"/> decodes it), so one corrupted byte in a message field never turns a
/// (possibly charged) answer into an exception of the wrong type.
/// </remarks>
internal static class Utf8Json
{
#if NETSTANDARD2_0
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
#endif

    /// <summary>Parses <paramref name="json"/>; throws only <see cref="JsonException"/> for a body that is not that JSON.</summary>
    public static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        => JsonSerializer.Deserialize(Repair(json), typeInfo);

    /// <summary><paramref name="bytes"/> when they are valid UTF-8, else a copy with every invalid sequence replaced by U+FFFD.</summary>
    public static ReadOnlySpan<byte> Repair(ReadOnlySpan<byte> bytes)
    {
#if NETSTANDARD2_0
        byte[] array = bytes.ToArray();
        try
        {
            Strict.GetCharCount(array);
            return array;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(array));
        }
#else
        return System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes));
#endif
    }

    /// <summary>A header value must be visible ASCII; a token that is not cannot be sent (and may be an injection attempt).</summary>
    public static bool IsHeaderSafe(string value)
    {
        foreach (char c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return value.Length > 0;
    }
}

/// <summary>Runs a <see cref="RequestAuthenticator"/> on every attempt; resends once after a token rejection.</summary>
internal sealed class AuthHandler : DelegatingHandler
{
    private readonly RequestAuthenticator _authenticator;

    public AuthHandler(RequestAuthenticator authenticator) => _authenticator = authenticator;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _authenticator.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        bool rejected;
        try
        {
            // The call's (attempt's) token bounds any look at the body, so a stalled body cannot hang the call.
            rejected = RequestInfo.Of(request) is not null
                && await _authenticator.RejectsCachedCredentialsAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (!rejected || RequestInfo.Of(request) is not { } info)
        {
            return response;
        }

        response.Dispose();
        using var fresh = info.Rebuild();
        await _authenticator.AuthenticateAsync(fresh, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(fresh, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Sends a key in one header (<c>X-API-Key: k</c>, <c>Authorization: Bearer k</c>).</summary>
internal sealed class HeaderKeyAuthenticator : RequestAuthenticator
{
    private readonly string _vendor;
    private readonly string _header;
    private readonly string? _scheme;
    private readonly Func<string?> _key;
    private readonly string _setting;

    /// <param name="vendor">The vendor, for the error message.</param>
    /// <param name="header">The header name.</param>
    /// <param name="scheme">An <c>Authorization</c> scheme such as <c>Bearer</c>, or null to send the key alone.</param>
    /// <param name="key">Reads the key (from options) on each attempt.</param>
    /// <param name="setting">The configuration key that holds it, named in the error when it is missing.</param>
    public HeaderKeyAuthenticator(string vendor, string header, string? scheme, Func<string?> key, string setting)
    {
        _vendor = vendor;
        _header = header;
        _scheme = scheme;
        _key = key;
        _setting = setting;
    }

    public override ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = _key();
        if (string.IsNullOrWhiteSpace(key))
        {
            throw MissingCredential(_vendor, _setting);
        }

        request.Headers.Remove(_header);
        request.Headers.TryAddWithoutValidation(_header, _scheme is null ? key : _scheme + " " + key);
        return default;
    }

    /// <summary>The error for a credential that is not configured: names the setting, never a value.</summary>
    public static DocScanException MissingCredential(string vendor, string setting)
        => new(DocScanErrorKind.Authentication, $"{setting} is not configured; set it in configuration or in the client options.")
        {
            Vendor = vendor,
            Failure = FailureClass.Permanent,
        };
}
