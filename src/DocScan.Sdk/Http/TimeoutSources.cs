using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// Cancellation sources that fire after a delay on the pipeline's clock or when the caller's token is cancelled.
/// On the system clock they are reset and kept for the next call (as Polly's timeout strategy keeps its own), so a
/// call pays for no new source or timer; on any other clock each is new.
/// </summary>
internal sealed class TimeoutSources
{
    /// <summary>The most sources kept; enough for as many calls at once as a client usually has in flight.</summary>
    private const int MaxKept = 64;

    private readonly TimeProvider _time;
#if !NETSTANDARD2_0
    // Null unless on the system clock; TryReset (from .NET 6) is what makes a used source keepable.
    private readonly ConcurrentQueue<CancellationTokenSource>? _kept;
    private int _keptCount;
#endif

    public TimeoutSources(TimeProvider time)
    {
        _time = time;
#if !NETSTANDARD2_0
        _kept = time == TimeProvider.System ? new ConcurrentQueue<CancellationTokenSource>() : null;
#endif
    }

    /// <summary>A source cancelled after <paramref name="delay"/>, or as soon as <paramref name="cancellationToken"/> is; dispose it to give it back.</summary>
    public Scope Start(TimeSpan delay, CancellationToken cancellationToken)
    {
        var source = Create(delay);
        var link = cancellationToken.CanBeCanceled ? Link(cancellationToken, source) : default;
        return new Scope(this, source, link, cancellationToken, delay);
    }

#if NETSTANDARD2_0
    private CancellationTokenSource Create(TimeSpan delay) => _time.CreateCancellationTokenSource(delay);

    private static CancellationTokenRegistration Link(CancellationToken cancellationToken, CancellationTokenSource source)
        => cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), source);

    private void Return(CancellationTokenSource source) => source.Dispose();
#else
    private CancellationTokenSource Create(TimeSpan delay)
    {
        if (_kept is null)
        {
            return new CancellationTokenSource(delay, _time);
        }

        if (_kept.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _keptCount);
        }
        else
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(delay);
        return source;
    }

    private static CancellationTokenRegistration Link(CancellationToken cancellationToken, CancellationTokenSource source)
        => cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);

    private void Return(CancellationTokenSource source)
    {
        if (_kept is not null && Volatile.Read(ref _keptCount) < MaxKept && source.TryReset())
        {
            Interlocked.Increment(ref _keptCount);
            _kept.Enqueue(source);
            return;
        }

        source.Dispose();
    }
#endif

    /// <summary>One started timeout: its token, and whether it (not the caller) cancelled it. A default instance is no timeout.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly TimeoutSources _owner;
        private readonly CancellationTokenSource _source;
        private readonly CancellationTokenRegistration _link;
        private readonly CancellationToken _caller;

        internal Scope(TimeoutSources owner, CancellationTokenSource source, CancellationTokenRegistration link, CancellationToken caller, TimeSpan delay)
        {
            Delay = delay;
            _owner = owner;
            _source = source;
            _link = link;
            _caller = caller;
        }

        /// <summary>The delay the timeout was started with.</summary>
        public TimeSpan Delay { get; }

        public CancellationToken Token => _source.Token;

        /// <summary>Whether the delay ran out (the token is cancelled and the caller's is not); false for a default instance.</summary>
        public bool Expired => _source is not null && _source.IsCancellationRequested && !_caller.IsCancellationRequested;

        /// <summary>Unlinks the caller's token (waiting for a running callback), then keeps or disposes the source; nothing for a default instance.</summary>
        public void Dispose()
        {
            if (_owner is null)
            {
                return;
            }

            _link.Dispose();
            _owner.Return(_source);
        }
    }
}
