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
/// <para>A seekable stream is rewound to its starting position for every attempt; it must not be used by two
/// calls at once and is not disposed by the SDK. A non-seekable stream is copied into memory once, on first
/// use, so that its length is known and a retry can send it again; it is read no further than one byte past the
/// vendor's size limit, so an oversized stream is refused without being read in full.</para>
/// <para>If the stream (or file) fails while it is read — it throws, or it is disposed during the call — the call
/// fails with <see cref="DocScanErrorKind.InvalidRequest"/>, the stream's exception as the inner exception, and is
/// never retried.</para>
/// <para>Each client checks the vendor's own formats and size limit before anything is sent.</para>
/// </remarks>
public sealed class ImageInput
{
    private readonly string? _path;
    private ReadOnlyMemory<byte> _bytes;
    private readonly Stream? _stream;
    private readonly long _streamStart;
    private bool _buffered;
    private long? _length;
    private ImageFormat _format;
    private bool _sniffed;
    private long? _readPast; // a non-seekable stream found larger than this limit, and read no further

    private ImageInput(string? path, ReadOnlyMemory<byte> bytes, Stream? stream, Uri? url, string? fileName)
    {
        _path = path;
        _bytes = bytes;
        _stream = stream;
        Url = url;
        FileName = fileName;
    }

    /// <summary>The URL, for an input made with <see cref="FromUrl(Uri)"/>.</summary>
    public Uri? Url { get; }

    /// <summary>Whether the vendor fetches the image itself from <see cref="Url"/>.</summary>
    public bool IsUrl => Url is not null;

    /// <summary>The file name sent with multipart uploads; from the path, or given by the caller.</summary>
    public string? FileName { get; }

    /// <summary>The length in bytes, or <see langword="null"/> for a URL or a non-seekable stream not read yet.</summary>
    public long? Length => _length;

    /// <summary>The recognised format; <see cref="ImageFormat.Unknown"/> for a URL or content not read yet.</summary>
    public ImageFormat Format => _format;

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

        var input = new ImageInput(info.FullName, default, null, null, info.Name) { _length = info.Length };
        using (var fs = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
        {
            Span<byte> header = stackalloc byte[ImageFormatSniffer.HeaderLength];
            int n = ReadAtLeast(fs, header);
            input._format = ImageFormatSniffer.Sniff(header.Slice(0, n));
        }

        input._sniffed = true;
        return input;
    }

    /// <summary>Image bytes already in memory. The memory is not copied: do not change it while a call runs.</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="fileName">The file name for multipart uploads, or <see langword="null"/> for one made from the format.</param>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string? fileName = null)
    {
        var input = new ImageInput(null, bytes, null, null, fileName) { _length = bytes.Length, _buffered = true };
        input._format = ImageFormatSniffer.Sniff(bytes.Span);
        input._sniffed = true;
        return input;
    }

    /// <summary>An image in a stream. A seekable stream is read from its current position for every attempt; a non-seekable one is copied into memory once.</summary>
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

        var input = new ImageInput(null, default, stream, null, fileName);
        if (stream.CanSeek)
        {
            var start = stream.Position;
            input = new ImageInput(null, default, stream, null, fileName, start) { _length = stream.Length - start };
        }

        return input;
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

        return new ImageInput(null, default, null, url, null) { _sniffed = true };
    }

    /// <summary>An image the vendor downloads itself.</summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    public static ImageInput FromUrl(string url)
        => FromUrl(Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : throw new ArgumentException("The image URL must be an absolute http or https URL.", nameof(url)));

    private ImageInput(string? path, ReadOnlyMemory<byte> bytes, Stream? stream, Uri? url, string? fileName, long streamStart)
        : this(path, bytes, stream, url, fileName)
    {
        _streamStart = streamStart;
    }

    /// <inheritdoc />
    public override string ToString()
        => IsUrl ? $"ImageInput(url {Url!.Host})"
        : $"ImageInput({_format}, {(_length is { } l ? l.ToString(CultureInfo.InvariantCulture) + " bytes" : "length unknown")})";

    /// <summary>A file name to send in a multipart part: the caller's, else one made from the format.</summary>
    internal string FileNameOrDefault => FileName ?? "image" + ImageFormatSniffer.Extension(_format);

    internal string MediaType => ImageFormatSniffer.MediaType(_format);

    /// <summary>Makes <see cref="Length"/> and <see cref="Format"/> known, with no size limit (a non-seekable stream is read in full).</summary>
    internal ValueTask PrepareAsync(CancellationToken cancellationToken) => PrepareAsync(long.MaxValue, cancellationToken);

    /// <summary>
    /// Makes <see cref="Length"/> and <see cref="Format"/> known, buffering a non-seekable stream once. A non-seekable
    /// stream is read only up to <paramref name="maxBytes"/> + 1 bytes: one byte more than the limit proves it too large.
    /// </summary>
    /// <exception cref="ImageReadException">The caller's stream failed.</exception>
    internal async ValueTask PrepareAsync(long maxBytes, CancellationToken cancellationToken)
    {
        if (IsUrl || (_sniffed && _length is not null))
        {
            return;
        }

        try
        {
            if (_stream is not null && !_stream.CanSeek && !_buffered)
            {
                await BufferAsync(maxBytes, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_stream is not null && !_sniffed)
            {
                var header = new byte[ImageFormatSniffer.HeaderLength];
                _stream.Position = _streamStart;
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
                _format = ImageFormatSniffer.Sniff(header.AsSpan(0, n));
                _sniffed = true;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not ImageReadException)
        {
            throw new ImageReadException(e);
        }
    }

    private async ValueTask BufferAsync(long maxBytes, CancellationToken cancellationToken)
    {
        if (_readPast is not null)
        {
            return; // refused before as too large; what was read then is gone from the stream
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
        _format = ImageFormatSniffer.Sniff(bytes.Span);
        if (ms.Length > maxBytes)
        {
            // Stop at the limit: the rest of the stream is never read (nor kept).
            _readPast = maxBytes;
            return;
        }

        _bytes = bytes;
        _buffered = true;
        _length = _bytes.Length;
        _sniffed = true;
    }

    /// <summary>The content in memory, when it is there (bytes or a buffered stream).</summary>
    internal bool TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = _bytes;
        return _buffered;
    }

    /// <summary>Opens the content for one attempt, from its start. The caller disposes the returned stream.</summary>
    /// <exception cref="ImageReadException">The caller's file or stream cannot be read (now or, from the returned stream, later).</exception>
    internal Stream OpenRead()
    {
        if (_buffered)
        {
            return new ReadOnlyMemoryStream(_bytes);
        }

        if (_path is not null)
        {
            // Unbuffered sequential reads in large chunks; the file is streamed while the request body is written.
            FileStream file;
            try
            {
                file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            }
            catch (Exception e)
            {
                throw new ImageReadException(e); // deleted or locked since the input was made
            }

            return new CallerImageStream(file, _length ?? 0, ownsInner: true);
        }

        if (_stream is not null)
        {
            try
            {
                _stream.Position = _streamStart;
            }
            catch (Exception e)
            {
                throw new ImageReadException(e); // disposed or broken since the call began
            }

            return new CallerImageStream(_stream, _length ?? 0, ownsInner: false);
        }

        throw new InvalidOperationException("A URL input has no content to read.");
    }

    /// <summary>The raw content for one attempt (a multipart file part): streamed, with its length and media type.</summary>
    internal System.Net.Http.HttpContent CreateContent()
    {
        var content = new System.Net.Http.StreamContent(OpenRead(), 81920);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaType);
        if (_length is { } length)
        {
            content.Headers.ContentLength = length;
        }

        return content;
    }

    /// <summary>Checks the vendor's formats and size limit; throws <see cref="DocScanErrorKind.InvalidRequest"/> before anything is sent.</summary>
    internal async ValueTask EnsureAcceptedAsync(string vendor, string operation, IReadOnlyCollection<ImageFormat> formats, long maxBytes, string? advice, CancellationToken cancellationToken)
    {
        try
        {
            await PrepareAsync(maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageReadException e)
        {
            throw e.ToDocScanException(vendor, operation);
        }

        if (IsUrl)
        {
            return;
        }

        if (!Contains(formats, _format))
        {
            throw new DocScanException(
                DocScanErrorKind.InvalidRequest,
                $"the image format is {(_format == ImageFormat.Unknown ? "not recognised" : _format.ToString())}; {vendor} accepts {string.Join(", ", formats)}.")
            { Vendor = vendor, Operation = operation };
        }

        if (_readPast is { } readUpTo)
        {
            throw new DocScanException(
                DocScanErrorKind.InvalidRequest,
                readUpTo >= maxBytes
                    ? $"the image is larger than {DescribeSize(readUpTo)} (the stream was read no further); {vendor} accepts at most {DescribeSize(maxBytes)}{(advice is null ? "." : " — " + advice)}"
                    : $"this non-seekable stream was refused earlier as larger than {DescribeSize(readUpTo)}, and the bytes read then are gone; pass a fresh stream.")
            { Vendor = vendor, Operation = operation };
        }

        if (_length is { } len && len > maxBytes)
        {
            throw new DocScanException(
                DocScanErrorKind.InvalidRequest,
                $"the image is {DescribeSize(len)}; {vendor} accepts at most {DescribeSize(maxBytes)}{(advice is null ? "." : " — " + advice)}")
            { Vendor = vendor, Operation = operation };
        }

        if (_length == 0)
        {
            throw new DocScanException(DocScanErrorKind.InvalidRequest, "the image is empty.") { Vendor = vendor, Operation = operation };
        }
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
}
