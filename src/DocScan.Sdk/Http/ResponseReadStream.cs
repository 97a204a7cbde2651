using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// A streamed response body with an idle-read timeout: every read must receive data within the timeout, or it
/// fails with <see cref="DocScanErrorKind.Timeout"/> instead of hanging on a stalled connection. Every failure of a
/// read is a <see cref="DocScanException"/> (a broken connection is <see cref="DocScanErrorKind.Network"/>); the
/// caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// On a timeout the underlying stream is disposed as well as cancelled: that also ends a synchronous read, and a
/// transport that ignores the token. The stream cannot be read after a timeout.
/// </remarks>
internal sealed class ResponseReadStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _timeout;
    private readonly Action<DocScanException> _stamp;
    private readonly string _setting;
    private readonly ITimer _timer;
    private CancellationTokenSource? _current;
    private int _armed;
    private int _timedOut;

    /// <param name="inner">The response body.</param>
    /// <param name="timeout">How long one read may wait for data.</param>
    /// <param name="time">The clock.</param>
    /// <param name="stamp">Adds the call's context (vendor, operation, status, request id, attempts) to an error.</param>
    /// <param name="setting">The configuration key of the timeout, named in the message.</param>
    public ResponseReadStream(Stream inner, TimeSpan timeout, TimeProvider time, Action<DocScanException> stamp, string setting)
    {
        _inner = inner;
        _timeout = timeout;
        _stamp = stamp;
        _setting = setting;
        _timer = time.CreateTimer(static s => ((ResponseReadStream)s!).OnTimeout(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ThrowIfTimedOut();
        Start(null);
        try
        {
            return _inner.Read(buffer, offset, count);
        }
        catch (Exception e) when (Translate(e, CancellationToken.None) is { } error)
        {
            throw error;
        }
        finally
        {
            Stop();
        }
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ThrowIfTimedOut();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Start(cts);
        try
        {
            return await _inner.ReadAsync(buffer, offset, count, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } error)
        {
            throw error;
        }
        finally
        {
            Stop();
        }
    }

#if !NETSTANDARD2_0
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfTimedOut();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Start(cts);
        try
        {
            return await _inner.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } error)
        {
            throw error;
        }
        finally
        {
            Stop();
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
        if (disposing)
        {
            _timer.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Start(CancellationTokenSource? cts)
    {
        Volatile.Write(ref _current, cts);
        Volatile.Write(ref _armed, 1);
        _timer.Change(_timeout, Timeout.InfiniteTimeSpan);
    }

    private void Stop()
    {
        Volatile.Write(ref _armed, 0); // a timer callback already on its way finds the read over
        Volatile.Write(ref _current, null);
        try
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed during the read (by the reader, or at a copy's deadline): nothing left to stop.
        }
    }

    private void OnTimeout()
    {
        if (Interlocked.CompareExchange(ref _armed, 0, 1) != 1)
        {
            return;
        }

        Volatile.Write(ref _timedOut, 1);
        try
        {
            Volatile.Read(ref _current)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The read finished as the timer fired.
        }

        try
        {
            _inner.Dispose(); // ends a synchronous read, or one whose transport ignores the token
        }
        catch (Exception)
        {
            // The timeout is what the reader will see.
        }
    }

    private void ThrowIfTimedOut()
    {
        if (Volatile.Read(ref _timedOut) == 1)
        {
            throw TimedOut(null);
        }
    }

    /// <summary>The error a failed read becomes, or null to let it through (the caller's cancellation, or already ours).</summary>
    private DocScanException? Translate(Exception e, CancellationToken callerToken)
    {
        if (e is DocScanException || callerToken.IsCancellationRequested)
        {
            return null;
        }

        if (Volatile.Read(ref _timedOut) == 1)
        {
            return TimedOut(e);
        }

        if (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            var network = HttpErrors.FromNetwork(e, responseStarted: true);
            _stamp(network);
            return network;
        }

        return null;
    }

    private DocScanException TimedOut(Exception? inner)
    {
        var error = new DocScanException(
            DocScanErrorKind.Timeout,
            $"no data arrived for {DocScanClientOptions.Describe(_timeout)} while the response body was read ({_setting}); the connection was closed.",
            inner)
        {
            IsTransient = true,
            Failure = FailureClass.Ambiguous,
        };
        _stamp(error);
        return error;
    }
}
