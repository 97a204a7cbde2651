using System;
using System.IO;

namespace DocScan.Sdk;

/// <summary>
/// An <see cref="ImageInput"/> prepared for one call: its length, format and the source of its bytes, fixed for every
/// attempt of that call. Immutable; made by <see cref="ImageInput.PrepareAsync(long, System.Threading.CancellationToken)"/>.
/// </summary>
internal sealed class PreparedImage
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly bool _inMemory;
    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly long _streamStart;

    private PreparedImage(ImageInput source, long length, ImageFormat format, ReadOnlyMemory<byte> bytes, bool inMemory, string? path, Stream? stream, long streamStart, long? readPast)
    {
        Source = source;
        Length = length;
        Format = format;
        _bytes = bytes;
        _inMemory = inMemory;
        _path = path;
        _stream = stream;
        _streamStart = streamStart;
        ReadPast = readPast;
    }

    /// <summary>The input this call sends.</summary>
    public ImageInput Source { get; }

    /// <summary>The URL the vendor fetches, for a URL input.</summary>
    public Uri? Url => Source.Url;

    public bool IsUrl => Source.IsUrl;

    /// <summary>The length in bytes (0 for a URL).</summary>
    public long Length { get; }

    public ImageFormat Format { get; }

    /// <summary>For a non-seekable stream found too large: the limit it was read one byte past. Such an image is never sent.</summary>
    public long? ReadPast { get; }

    public string MediaType => ImageFormatSniffer.MediaType(Format);

    /// <summary>A file name to send in a multipart part: the caller's, else one made from the format.</summary>
    public string FileName => Source.FileName ?? "image" + ImageFormatSniffer.Extension(Format);

    public static PreparedImage ForUrl(ImageInput source) => new(source, 0, ImageFormat.Unknown, default, false, null, null, 0, null);

    public static PreparedImage InMemory(ImageInput source, ReadOnlyMemory<byte> bytes, ImageFormat format) => new(source, bytes.Length, format, bytes, true, null, null, 0, null);

    public static PreparedImage FromFile(ImageInput source, string path, long length, ImageFormat format) => new(source, length, format, default, false, path, null, 0, null);

    public static PreparedImage FromStream(ImageInput source, Stream stream, long start, long length, ImageFormat format) => new(source, length, format, default, false, null, stream, start, null);

    public static PreparedImage TooLarge(ImageInput source, long readPast, ImageFormat format) => new(source, 0, format, default, false, null, null, 0, readPast);

    /// <summary>The content in memory, when it is there (bytes, or a copied non-seekable stream).</summary>
    public bool TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = _bytes;
        return _inMemory;
    }

    /// <summary>Opens the content for one attempt, from its start. The caller disposes the returned stream.</summary>
    /// <exception cref="ImageReadException">The caller's file or stream cannot be read (now or, from the returned stream, later).</exception>
    public Stream OpenRead()
    {
        if (_inMemory)
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

            return new CallerImageStream(file, Length, ownsInner: true);
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

            return new CallerImageStream(_stream, Length, ownsInner: false);
        }

        throw new InvalidOperationException("A URL input, or one refused as too large, has no content to read.");
    }
}
