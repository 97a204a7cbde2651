using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk;

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
