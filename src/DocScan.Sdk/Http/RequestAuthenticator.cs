using System;
using System.IO;
using System.Net.Http;
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
    /// Whether this authenticator caches credentials that a response can reject (a token): only then does the
    /// <see cref="AuthHandler"/> look at responses through <see cref="RejectsCachedCredentialsAsync"/>. Override both together.
    /// </summary>
    public virtual bool CachesCredentials => false;

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
