using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

using DocScan.Sdk.Http;

namespace DocScan.Sdk;

/// <summary>
/// A JSON object body with one Base64 field that is encoded from the image while the body is written, so the
/// image never becomes a .NET string and a file is never read into memory.
/// </summary>
/// <remarks>
/// The body is <c>{"&lt;field&gt;":"&lt;prefix&gt;&lt;base64&gt;", &lt;other properties&gt;}</c>. The other properties are
/// written once per call by a <see cref="Utf8JsonWriter"/> (with an encoder that leaves <c>+</c> and <c>/</c>
/// alone) and reused for every attempt. The length is known up front, so no chunked encoding is used.
/// </remarks>
internal sealed class Base64JsonContent : HttpContent, IObservedContent
{
    // A multiple of 3, so every chunk but the last encodes without padding.
    private const int ChunkBytes = 3 * 64 * 1024;

    private readonly PreparedImage _image;
    private readonly byte[] _head;
    private readonly byte[] _tail;
    private readonly long _length;

    private Base64JsonContent(PreparedImage image, byte[] head, byte[] tail, string mediaType)
    {
        _image = image;
        _head = head;
        _tail = tail;
        long n = image.Length;
        _length = head.Length + Base64Length(n) + tail.Length;
        Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
    }

    /// <summary>The parts of a body that do not depend on the attempt: build once per call, then <see cref="Create"/> per attempt.</summary>
    internal sealed class Template
    {
        private readonly PreparedImage _image;
        private readonly byte[] _head;
        private readonly byte[] _tail;
        private readonly string _mediaType;

        /// <param name="image">A prepared, non-URL image.</param>
        /// <param name="base64Property">The JSON name of the Base64 field.</param>
        /// <param name="dataPrefix">Text written before the Base64 inside the string (a <c>data:</c> URI prefix), or null.</param>
        /// <param name="writeOtherProperties">Writes the object's other properties, or null.</param>
        /// <param name="mediaType">The Content-Type header value.</param>
        public Template(PreparedImage image, string base64Property, string? dataPrefix, Action<Utf8JsonWriter>? writeOtherProperties, string mediaType = "application/json")
        {
            _image = image;
            _mediaType = mediaType;
            var head = new MemoryStream(64);
            using (var w = new Utf8JsonWriter(head, new JsonWriterOptions { Encoder = JsonDefaults.Encoder }))
            {
                w.WriteStartObject();
                w.WriteString(base64Property, string.Empty);
                w.Flush();
            }

            // head now ends with `""`: keep the opening quote, drop the closing one.
            var headBytes = head.GetBuffer().AsSpan(0, (int)head.Length - 1).ToArray();
            if (dataPrefix is not null)
            {
                var prefix = Encoding.UTF8.GetBytes(dataPrefix);
                var combined = new byte[headBytes.Length + prefix.Length];
                headBytes.CopyTo(combined, 0);
                prefix.CopyTo(combined, headBytes.Length);
                headBytes = combined;
            }

            _head = headBytes;
            if (writeOtherProperties is null)
            {
                _tail = "\"}"u8.ToArray();
            }
            else
            {
                var rest = new MemoryStream(128);
                using (var w = new Utf8JsonWriter(rest, new JsonWriterOptions { Encoder = JsonDefaults.Encoder }))
                {
                    w.WriteStartObject();
                    writeOtherProperties(w);
                    w.WriteEndObject();
                }

                // `{...}` → `",...}`; an empty object gives `"}`.
                var inner = rest.GetBuffer().AsSpan(1, (int)rest.Length - 1);
                bool empty = inner.Length == 1;
                _tail = new byte[(empty ? 1 : 2) + inner.Length];
                _tail[0] = (byte)'"';
                if (!empty)
                {
                    _tail[1] = (byte)',';
                }

                inner.CopyTo(_tail.AsSpan(empty ? 1 : 2));
            }
        }

        public HttpContent Create() => new Base64JsonContent(_image, _head, _tail, _mediaType);
    }

    public RequestInfo? Attempt { get; set; }

    internal static long Base64Length(long n) => (n + 2) / 3 * 4;

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeAsync(stream, CancellationToken.None);

#if !NETSTANDARD2_0
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => SerializeAsync(stream, cancellationToken);
#endif

    /// <summary>
    /// Writes the Base64 of <paramref name="image"/> (a prepared, non-URL input) to <paramref name="destination"/>,
    /// read and encoded chunk by chunk; padding only at the very end.
    /// </summary>
    internal static async Task WriteBase64Async(PreparedImage image, Stream destination, CancellationToken cancellationToken)
    {
        // Double-buffered: the next chunk is read and encoded on the thread pool while the current one is
        // written, so disk, CPU and socket overlap and the upload runs at the speed of the slowest of them.
        int outputSize = (int)Base64Length(ChunkBytes);
        byte[] current = ArrayPool<byte>.Shared.Rent(outputSize);
        byte[] next = ArrayPool<byte>.Shared.Rent(outputSize);
        byte[]? input = null;
        Stream? source = null;
        Task<int>? pending = null;
        try
        {
            ReadOnlyMemory<byte> memory = default;
            bool inMemory = image.TryGetMemory(out memory);
            if (!inMemory)
            {
                source = image.OpenRead();
                input = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            }

            int offset = 0;
            int Prepare(byte[] output)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (inMemory)
                {
                    int n = Math.Min(ChunkBytes, memory.Length - offset);
                    int written = n > 0 ? Encode(memory.Span.Slice(offset, n), output) : 0;
                    offset += n;
                    return written;
                }

                // Fill a whole chunk (a multiple of 3) unless the source ends, so no padding appears mid-stream.
                int filled = 0;
                while (filled < ChunkBytes)
                {
                    int r = source!.Read(input!, filled, ChunkBytes - filled);
                    if (r == 0)
                    {
                        break;
                    }

                    filled += r;
                }

                return filled > 0 ? Encode(input.AsSpan(0, filled), output) : 0;
            }

            pending = Task.Run(() => Prepare(current), cancellationToken);
            while (true)
            {
                int length = await pending.ConfigureAwait(false);
                pending = null;
                if (length == 0)
                {
                    break;
                }

                var full = current;
                current = next;
                next = full;
                var fill = current;
                pending = Task.Run(() => Prepare(fill), cancellationToken);
                await destination.WriteAsync(full, 0, length, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (pending is not null)
            {
                // Never return a buffer the thread pool may still be writing into.
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The write failed first; that failure is the one that propagates.
                }
            }

            source?.Dispose();
            if (input is not null)
            {
                ArrayPool<byte>.Shared.Return(input);
            }

            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private async Task SerializeAsync(Stream stream, CancellationToken cancellationToken)
    {
        this.Started();
        await stream.WriteAsync(_head, 0, _head.Length, cancellationToken).ConfigureAwait(false);
        await WriteBase64Async(_image, stream, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(_tail, 0, _tail.Length, cancellationToken).ConfigureAwait(false);
    }

    private static int Encode(ReadOnlySpan<byte> input, byte[] output)
    {
        var status = Base64.EncodeToUtf8(input, output, out _, out int written, isFinalBlock: true);
        if (status != OperationStatus.Done)
        {
            throw new InvalidOperationException("Base64 encoding failed: " + status);
        }

        return written;
    }
}
