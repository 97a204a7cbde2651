using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.IntegrationTests.Support;

/// <summary>
/// A seekable in-memory image that hands out at most <see cref="ChunkBytes"/> per read and waits
/// <see cref="ChunkDelay"/> before every read past the first <see cref="FastBytes"/>, so an upload is
/// reliably still in progress when a test cancels it. <see cref="ReachedSlowPart"/> completes when
/// the upload has gone past the fast part.
/// </summary>
internal sealed class SlowStream : MemoryStream
{
    private readonly TaskCompletionSource _reachedSlowPart = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SlowStream(byte[] content)
        : base(content, writable: false)
    {
    }

    public int FastBytes { get; init; } = 256 * 1024;

    public int ChunkBytes { get; init; } = 16 * 1024;

    public TimeSpan ChunkDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    public Task ReachedSlowPart => _reachedSlowPart.Task;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= FastBytes)
        {
            _reachedSlowPart.TrySetResult();
            await Task.Delay(ChunkDelay, cancellationToken);
        }

        return await base.ReadAsync(buffer[..Math.Min(buffer.Length, ChunkBytes)], cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position >= FastBytes)
        {
            _reachedSlowPart.TrySetResult();
            Thread.Sleep(ChunkDelay);
        }

        return base.Read(buffer, offset, Math.Min(count, ChunkBytes));
    }

    public override int Read(Span<byte> buffer)
    {
        if (Position >= FastBytes)
        {
            _reachedSlowPart.TrySetResult();
            Thread.Sleep(ChunkDelay);
        }

        return base.Read(buffer[..Math.Min(buffer.Length, ChunkBytes)]);
    }
}
