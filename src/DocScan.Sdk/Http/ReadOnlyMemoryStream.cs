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
