using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// A whole response body in a pooled buffer, parsed from UTF-8 without an intermediate string (Base64
/// fields decode straight into their byte arrays). Dispose it to return the buffer.
/// </summary>
internal sealed class ResponseBody : IDisposable
{
    /// <summary>The largest JSON answer read (a page of Base64 images fits comfortably).</summary>
    public const int MaxBytes = 256 * 1024 * 1024;

    private byte[]? _buffer;

    private ResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async ValueTask<ResponseBody> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        long? declared = response.Content?.Headers.ContentLength;
        if (declared > MaxBytes)
        {
            throw TooLarge(declared.Value);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : 16 * 1024);
        int length = 0;
        try
        {
            if (response.Content is not null)
            {
#if NETSTANDARD2_0
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#else
                using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#endif

                // A transport whose reads ignore the token still stops when the attempt or total timeout fires.
                using var abort = cancellationToken.Register(static s => ((Stream)s!).Dispose(), stream);
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxBytes)
                        {
                            throw TooLarge(length);
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, MaxBytes));
                        Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

#if NETSTANDARD2_0
                    int read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
#else
                    // The Memory overload: a ValueTask, where the array overload allocates a Task for every read that returns data.
                    int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
#endif
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            return new ResponseBody(buffer, length);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // The stream was closed by the cancellation above: report the cancellation, which the timeouts recognise.
            ArrayPool<byte>.Shared.Return(buffer);
            throw new OperationCanceledException("The response body was not read in time.", e, cancellationToken);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Parses the body; a body that is not the expected JSON becomes <see cref="DocScanErrorKind.InvalidResponse"/>.</summary>
    public T Deserialize<T>(JsonTypeInfo<T> typeInfo)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(Span, typeInfo);
        }
        catch (JsonException e)
        {
            throw Invalid("the response is not the JSON the vendor documents", e);
        }

        return value ?? throw Invalid("the response body is empty or null", null);
    }

    /// <summary>
    /// Parses the body. When it is not that JSON: null if <paramref name="nullIfNotJson"/> (an error status, which
    /// then speaks for itself), else <see cref="DocScanErrorKind.InvalidResponse"/> saying the body is not <paramref name="what"/>.
    /// With <paramref name="repairInvalidUtf8"/>, invalid UTF-8 is repaired first (see <see cref="Utf8Json"/>), so it never escapes as <see cref="InvalidOperationException"/>.
    /// </summary>
    public T? Deserialize<T>(JsonTypeInfo<T> typeInfo, bool nullIfNotJson, string what, bool repairInvalidUtf8 = false)
        where T : class
    {
        try
        {
            return repairInvalidUtf8 ? Utf8Json.Deserialize(Span, typeInfo) : JsonSerializer.Deserialize(Span, typeInfo);
        }
        catch (JsonException) when (nullIfNotJson)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw Invalid("the response is not " + what, e);
        }
    }

    /// <summary>An <see cref="DocScanErrorKind.InvalidResponse"/> error quoting a short, redacted excerpt of the body.</summary>
    public DocScanException Invalid(string what, Exception? inner) => Invalid(what, Span, inner);

    /// <summary>An <see cref="DocScanErrorKind.InvalidResponse"/> error quoting a short, redacted excerpt of <paramref name="body"/>.</summary>
    public static DocScanException Invalid(string what, ReadOnlySpan<byte> body, Exception? inner = null)
        => new(DocScanErrorKind.InvalidResponse, what + ": " + Excerpt(body), inner) { Failure = FailureClass.Permanent };

    /// <summary>At most 200 characters of a body, with long Base64-like runs (images, tokens) cut out.</summary>
    public static string Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(empty body)";
        }

        const int Max = 200;
        var text = Encoding.UTF8.GetString(body.Slice(0, Math.Min(body.Length, 4096)).ToArray());
        var sb = new StringBuilder();
        int run = 0;
        foreach (char c in text)
        {
            bool tokenChar = (c < 128 && char.IsLetterOrDigit(c)) || c is '+' or '/' or '=' or '-' or '_';
            run = tokenChar ? run + 1 : 0;
            if (run == 17)
            {
                // Long opaque runs may be keys, tokens or image data: keep a stub only.
                sb.Length -= 16;
                sb.Append('…');
            }

            if (run <= 16)
            {
                sb.Append(char.IsControl(c) ? ' ' : c);
            }

            if (sb.Length >= Max)
            {
                sb.Append('…');
                break;
            }
        }

        return "\"" + sb + "\"" + (body.Length > 4096 && sb.Length < Max ? "…" : string.Empty);
    }

    public void Dispose()
    {
        var b = _buffer;
        _buffer = null;
        if (b is not null)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private static DocScanException TooLarge(long length)
        => new(DocScanErrorKind.InvalidResponse, $"the response body ({length} bytes) is larger than the {MaxBytes} bytes the SDK reads.") { Failure = FailureClass.Permanent };
}
