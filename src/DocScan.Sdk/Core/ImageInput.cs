using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk;

/// <summary>
/// An image (or PDF) to send: a file, bytes in memory, a stream, or a URL the vendor fetches itself.
/// </summary>
/// <remarks>
/// <para>The format is recognised from the first bytes (JPEG, PNG, BMP, PDF, WebP), never from the file name.
/// The length of a file is read from the file system; the file itself is read only while it is sent.</para>
/// <para>An input describes where the image comes from and may be shared by concurrent calls: each call prepares its
/// own view of it (length, format, and the bytes it sends), and nothing a call does changes the input for another.</para>
/// <para>A seekable stream is rewound to its starting position for every attempt and its format is read on every
/// call; it must not be used by two calls at once and is not disposed by the SDK. A non-seekable stream can be read
/// only once: the first call that uses the input copies it into memory (one reader at a time; calls that arrive
/// meanwhile wait for that copy), so that its length is known and a retry can send it again, and every later call
/// with the same input sends that same copy. It is read no further than one byte past the first call's size limit, so
/// an oversized stream is refused without being read in full, and the same input is refused again by later calls (the
/// bytes read are gone from the stream: pass a fresh stream).</para>
/// <para>If the stream (or file) fails while it is read — it throws, or it is disposed during the call — the call
/// fails with <see cref="DocScanErrorKind.InvalidRequest"/>, the stream's exception as the inner exception, and is
/// never retried.</para>
/// <para>Each client checks the vendor's own formats and size limit before anything is sent.</para>
/// </remarks>
public sealed class ImageInput
{
    private readonly string? _path;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly bool _inMemory;
    private readonly Stream? _stream;
    private readonly long _streamStart;
    private readonly long? _length;
    private readonly ImageFormat _format;

    // A non-seekable stream can be read once: the one copy of it, written once under _copyLock and then only read.
    private readonly SemaphoreSlim? _copyLock;
    private StreamCopy? _copy;

    private ImageInput(string? path, ReadOnlyMemory<byte> bytes, bool inMemory, Stream? stream, long streamStart, Uri? url, string? fileName, long? length, ImageFormat format)
    {
        _path = path;
        _bytes = bytes;
        _inMemory = inMemory;
        _stream = stream;
        _streamStart = streamStart;
        Url = url;
        FileName = fileName;
        _length = length;
        _format = format;
        _copyLock = stream is { CanSeek: false } ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>The URL, for an input made with <see cref="FromUrl(Uri)"/>.</summary>
    public Uri? Url { get; }

    /// <summary>Whether the vendor fetches the image itself from <see cref="Url"/>.</summary>
    public bool IsUrl => Url is not null;

    /// <summary>The file name sent with multipart uploads; from the path, or given by the caller.</summary>
    public string? FileName { get; }

    /// <summary>The length in bytes, or <see langword="null"/> for a URL or a non-seekable stream not read yet.</summary>
    public long? Length => _length ?? Volatile.Read(ref _copy)?.Length;

    /// <summary>The recognised format; <see cref="ImageFormat.Unknown"/> for a URL, a seekable stream (its format is read by each call), or a non-seekable stream not read yet.</summary>
    public ImageFormat Format => Volatile.Read(ref _copy)?.Format ?? _format;

    /// <summary>An image file on disk, read while it is sent.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ImageInput FromFile(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A file path is required.", nameof(path));
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The image file '{path}' does not exist.", path);
        }

        ImageFormat format;
        using (var fs = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
        {
            Span<byte> header = stackalloc byte[ImageFormatSniffer.HeaderLength];
            int n = ReadAtLeast(fs, header);
            format = ImageFormatSniffer.Sniff(header.Slice(0, n));
        }

        return new ImageInput(info.FullName, default, false, null, 0, null, info.Name, info.Length, format);
    }

    /// <summary>Image bytes already in memory. The memory is not copied: do not change it while a call runs.</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="fileName">The file name for multipart uploads, or <see langword="null"/> for one made from the format.</param>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string? fileName = null)
        => new(null, bytes, true, null, 0, null, fileName, bytes.Length, ImageFormatSniffer.Sniff(bytes.Span));

    /// <summary>An image in a stream. A seekable stream is read from its current position for every attempt; a non-seekable one is copied into memory once, by the first call that uses it.</summary>
    /// <param name="stream">The content; not disposed by the SDK.</param>
    /// <param name="fileName">The file name for multipart uploads, or <see langword="null"/> for one made from the format.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    public static ImageInput FromStream(Stream stream, string? fileName = null)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        if (!stream.CanSeek)
        {
            return new ImageInput(null, default, false, stream, 0, null, fileName, null, ImageFormat.Unknown);
        }

        long start = stream.Position;
        return new ImageInput(null, default, false, stream, start, null, fileName, stream.Length - start, ImageFormat.Unknown);
    }

    /// <summary>An image the vendor downloads itself. Only vendors that accept URLs take it.</summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    public static ImageInput FromUrl(Uri url)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The image URL must be an absolute http or https URL.", nameof(url));
        }

        return new ImageInput(null, default, false, null, 0, url, null, null, ImageFormat.Unknown);
    }

    /// <summary>An image the vendor downloads itself.</summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    public static ImageInput FromUrl(string url)
        => FromUrl(Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : throw new ArgumentException("The image URL must be an absolute http or https URL.", nameof(url)));

    /// <inheritdoc />
    public override string ToString()
        => IsUrl ? $"ImageInput(url {Url!.Host})"
        : $"ImageInput({Format}, {(Length is { } l ? l.ToString(CultureInfo.InvariantCulture) + " bytes" : "length unknown")})";

    /// <summary>The content, for an input made from bytes.</summary>
    internal bool TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = _bytes;
        return _inMemory;
    }

    /// <summary>Prepares the input for one call with no size limit (a non-seekable stream is read in full).</summary>
    /// <exception cref="ImageReadException">The caller's stream failed.</exception>
    internal ValueTask<PreparedImage> PrepareAsync(CancellationToken cancellationToken) => PrepareAsync(long.MaxValue, cancellationToken);

    /// <summary>
    /// Prepares the input for one call: its length, its format and where its bytes come from, fixed for every attempt
    /// of the call. A non-seekable stream is copied once (see the remarks on the class), reading at most
    /// <paramref name="maxBytes"/> + 1 bytes: one byte more than the limit proves it too large.
    /// </summary>
    /// <exception cref="ImageReadException">The caller's stream failed.</exception>
    internal async ValueTask<PreparedImage> PrepareAsync(long maxBytes, CancellationToken cancellationToken)
    {
        if (IsUrl)
        {
            return PreparedImage.ForUrl(this);
        }

        if (_inMemory)
        {
            return PreparedImage.InMemory(this, _bytes, _format);
        }

        if (_path is not null)
        {
            return PreparedImage.FromFile(this, _path, _length ?? 0, _format);
        }

        try
        {
            if (_copyLock is not null)
            {
                var copy = await CopyOnceAsync(maxBytes, cancellationToken).ConfigureAwait(false);
                return copy.ReadPast is { } readPast
                    ? PreparedImage.TooLarge(this, readPast, copy.Format)
                    : PreparedImage.InMemory(this, copy.Bytes, copy.Format);
            }

            // A seekable stream: its format is read for this call, and every attempt rewinds it to the start.
            var header = new byte[ImageFormatSniffer.HeaderLength];
            _stream!.Position = _streamStart;
            int n = 0;
            while (n < header.Length)
            {
                int r = await _stream.ReadAsync(header, n, header.Length - n, cancellationToken).ConfigureAwait(false);
                if (r == 0)
                {
                    break;
                }

                n += r;
            }

            _stream.Position = _streamStart;
            return PreparedImage.FromStream(this, _stream, _streamStart, _length ?? 0, ImageFormatSniffer.Sniff(header.AsSpan(0, n)));
        }
        catch (Exception e) when (e is not OperationCanceledException and not ImageReadException)
        {
            throw new ImageReadException(e);
        }
    }

    /// <summary>The one copy of a non-seekable stream: made by the first call, reused by every later one.</summary>
    private async ValueTask<StreamCopy> CopyOnceAsync(long maxBytes, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _copy) is { } done)
        {
            return done;
        }

        await _copyLock!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_copy is { } copied)
            {
                return copied;
            }

            long cap = maxBytes >= int.MaxValue - 1 ? int.MaxValue - 1 : maxBytes + 1;
            var ms = new MemoryStream();
            byte[] chunk = new byte[81920];
            while (ms.Length < cap)
            {
                int r = await _stream!.ReadAsync(chunk, 0, (int)Math.Min(chunk.Length, cap - ms.Length), cancellationToken).ConfigureAwait(false);
                if (r == 0)
                {
                    break;
                }

                ms.Write(chunk, 0, r);
            }

            var bytes = new ReadOnlyMemory<byte>(ms.GetBuffer(), 0, (int)ms.Length);
            var format = ImageFormatSniffer.Sniff(bytes.Span);

            // Over the limit: the rest of the stream is never read, and what was read is not kept.
            var copy = ms.Length > maxBytes ? new StreamCopy(default, format, maxBytes) : new StreamCopy(bytes, format, null);
            Volatile.Write(ref _copy, copy);
            return copy;
        }
        finally
        {
            _copyLock.Release();
        }
    }

    /// <summary>Checks the vendor's formats and size limit; throws <see cref="DocScanErrorKind.InvalidRequest"/> before anything is sent.</summary>
    /// <returns>The input prepared for this call.</returns>
    internal async ValueTask<PreparedImage> EnsureAcceptedAsync(string vendor, string operation, IReadOnlyCollection<ImageFormat> formats, long maxBytes, string? advice, CancellationToken cancellationToken)
    {
        PreparedImage prepared;
        try
        {
            prepared = await PrepareAsync(maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageReadException e)
        {
            throw e.ToDocScanException(vendor, operation);
        }

        if (IsUrl)
        {
            return prepared;
        }

        var format = prepared.Format;
        if (!Contains(formats, format))
        {
            throw new DocScanException(
                DocScanErrorKind.InvalidRequest,
                $"the image format is {(format == ImageFormat.Unknown ? "not recognised" : format.ToString())}; {vendor} accepts {string.Join(", ", formats)}.")
            { Vendor = vendor, Operation = operation };
        }

        if (prepared.ReadPast is { } readUpTo)
        {
            throw new DocScanException(
                DocScanErrorKind.InvalidRequest,
                readUpTo >= maxBytes
                    ? $"the image is larger than {DescribeSize(readUpTo)} (the stream was read no further); {vendor} accepts at most {DescribeSize(maxBytes)}{(advice is null ? "." : " — " + advice)}"
                    : $"this non-seekable stream was refused earlier as larger than {DescribeSize(readUpTo)}, and the bytes read then are gone; pass a fresh stream.")
            { Vendor = vendor, Operation = operation };
        }

        long len = prepared.Length;
        if (len > maxBytes)
        {
            throw new DocScanException(
                DocScanErrorKind.InvalidRequest,
                $"the image is {DescribeSize(len)}; {vendor} accepts at most {DescribeSize(maxBytes)}{(advice is null ? "." : " — " + advice)}")
            { Vendor = vendor, Operation = operation };
        }

        if (len == 0)
        {
            throw new DocScanException(DocScanErrorKind.InvalidRequest, "the image is empty.") { Vendor = vendor, Operation = operation };
        }

        return prepared;
    }

    internal static string DescribeSize(long bytes)
    {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        {
            return (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";
        }

        if (bytes >= 1_000_000 && bytes % 1_000_000 == 0)
        {
            return (bytes / 1_000_000).ToString(CultureInfo.InvariantCulture) + " MB (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)";
        }

        return bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
    }

    private static bool Contains(IReadOnlyCollection<ImageFormat> formats, ImageFormat format)
    {
        foreach (var f in formats)
        {
            if (f == format)
            {
                return true;
            }
        }

        return false;
    }

    private static int ReadAtLeast(Stream stream, Span<byte> buffer)
    {
        int n = 0;
        var tmp = new byte[buffer.Length];
        while (n < buffer.Length)
        {
            int r = stream.Read(tmp, n, buffer.Length - n);
            if (r == 0)
            {
                break;
            }

            n += r;
        }

        tmp.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    /// <summary>What the one read of a non-seekable stream produced: its bytes, or how far it was read before it proved too large.</summary>
    private sealed class StreamCopy
    {
        public StreamCopy(ReadOnlyMemory<byte> bytes, ImageFormat format, long? readPast)
        {
            Bytes = bytes;
            Format = format;
            ReadPast = readPast;
        }

        public ReadOnlyMemory<byte> Bytes { get; }

        public ImageFormat Format { get; }

        /// <summary>The size limit the stream was found larger than (then <see cref="Bytes"/> is empty), or null.</summary>
        public long? ReadPast { get; }

        /// <summary>The length, when the stream was copied in full.</summary>
        public long? Length => ReadPast is null ? Bytes.Length : null;
    }
}
