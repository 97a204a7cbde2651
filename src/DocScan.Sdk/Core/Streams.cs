using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk;

/// <summary>A read-only, seekable view over memory, without copying it.</summary>
internal sealed class ReadOnlyMemoryStream : Stream
{
    private readonly ReadOnlyMemory<byte> _memory;
    private int _position;

    public ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) => _memory = memory;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _memory.Length;

    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Min(Math.Max(0, value), _memory.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

#if NETSTANDARD2_0
    public int Read(Span<byte> buffer)
#else
    public override int Read(Span<byte> buffer)
#endif
    {
        int n = Math.Min(buffer.Length, _memory.Length - _position);
        _memory.Span.Slice(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer, offset, count));

#if !NETSTANDARD2_0
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => new(Read(buffer.Span));
#endif

    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        var rest = _memory.Slice(_position);
        _position = _memory.Length;
        if (MemoryMarshal.TryGetArray(rest, out var segment))
        {
            return destination.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken);
        }

        return destination.WriteAsync(rest.ToArray(), 0, rest.Length, cancellationToken);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _memory.Length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// Reads the caller's image (their stream, or their file) for one attempt. Any failure of that source is rethrown
/// as an <see cref="ImageReadException"/>, so that the pipeline never mistakes it for a network failure (which it
/// would retry) and reports it as the caller's problem. The caller's stream is not disposed; a file opened by the
/// SDK is.
/// </summary>
internal sealed class CallerImageStream : Stream
{
    private readonly Stream _inner;
    private readonly long _length;
    private readonly bool _ownsInner;
    private long _position;

    public CallerImageStream(Stream inner, long length, bool ownsInner)
    {
        _inner = inner;
        _length = length;
        _ownsInner = ownsInner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    // Readable (some consumers ask), never settable: the SDK positions the caller's stream itself.
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return Advance(_inner.Read(buffer, offset, count));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ImageReadException(e);
        }
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            return Advance(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ImageReadException(e);
        }
    }

#if !NETSTANDARD2_0
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Advance(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ImageReadException(e);
        }
    }
#endif

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int read)
    {
        _position += read;
        return read;
    }
}

/// <summary>
/// The caller's image could not be read (their stream threw, was disposed, or their file went away). Internal: it
/// marks the failure on its way through HttpClient (which may wrap it) and is always translated, by
/// <see cref="ToDocScanException"/>, before it reaches the caller.
/// </summary>
internal sealed class ImageReadException : Exception
{
    public ImageReadException(Exception cause)
        : base("Reading the caller's image failed.", cause)
    {
    }

    /// <summary>The marker in <paramref name="e"/> or its inner exceptions (HttpClient wraps body failures), or null.</summary>
    public static ImageReadException? Find(Exception? e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ImageReadException r)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>The one error every vendor reports for it: <see cref="DocScanErrorKind.InvalidRequest"/>, never retried, the cause kept.</summary>
    public DocScanException ToDocScanException(string? vendor, string? operation)
    {
        var cause = InnerException ?? this;
        return new DocScanException(
            DocScanErrorKind.InvalidRequest,
            $"reading the caller's image failed ({cause.GetType().Name}: {cause.Message}); the call stopped and was not retried. Keep the stream (or file) open, readable and unchanged until the call returns.",
            cause)
        {
            Vendor = vendor,
            Operation = operation,
            Failure = FailureClass.Permanent,
        };
    }
}
