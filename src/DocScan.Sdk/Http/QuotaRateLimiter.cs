using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// A request-quota limiter over exact sliding windows: a permit is granted only when, for every quota
/// (N permits per window W), the N-th most recent grant is at least W old. Waiters are served in order.
/// </summary>
/// <remarks>
/// The built-in window limiters of System.Threading.RateLimiting replenish on a timer and, chained, let
/// requests through early (0.9 s apart, 21 inside 59.9 s were seen), which breaks a vendor's
/// "1 per second and 20 per minute" as the vendor counts it. Keeping the last N grant times per quota makes
/// the guarantee exact for any window that the vendor may slide.
/// </remarks>
internal sealed class QuotaRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    private readonly TimeProvider _time;
    private readonly int _queueLimit;
    private readonly long[] _windows;     // in TimeProvider timestamp units
    private readonly long[][] _grants;    // ring of the last N grant timestamps, per quota
    private readonly int[] _next;
    private readonly int[] _count;
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ITimer _timer;
    private readonly object _lock = new();
    private long _lastGrant;
    private bool _disposed;

    public QuotaRateLimiter(IReadOnlyList<(int Permits, TimeSpan Window)> quotas, int queueLimit, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _queueLimit = queueLimit;
        _windows = new long[quotas.Count];
        _grants = new long[quotas.Count][];
        _next = new int[quotas.Count];
        _count = new int[quotas.Count];
        for (int i = 0; i < quotas.Count; i++)
        {
            _windows[i] = (long)(quotas[i].Window.Ticks * (double)timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond);
            _grants[i] = new long[quotas[i].Permits];
        }

        _timer = timeProvider.CreateTimer(static s => ((QuotaRateLimiter)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _lastGrant = timeProvider.GetTimestamp();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count > 0 ? null : _time.GetElapsedTime(_lastGrant);
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _queue.Count == 0 && WaitTicks(_time.GetTimestamp()) <= 0 ? 1 : 0,
                CurrentQueuedCount = _queue.Count,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        lock (_lock)
        {
            ThrowIfDisposed();
            long now = _time.GetTimestamp();
            if (_queue.Count == 0 && WaitTicks(now) <= 0)
            {
                if (permitCount == 1)
                {
                    Record(now);
                }

                return Granted;
            }

            return Rejected(now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            ThrowIfDisposed();
            long now = _time.GetTimestamp();
            if (_queue.Count == 0 && WaitTicks(now) <= 0)
            {
                if (permitCount == 1)
                {
                    Record(now);
                }

                return new ValueTask<RateLimitLease>(Granted);
            }

            if (_queue.Count >= _queueLimit)
            {
                return new ValueTask<RateLimitLease>(Rejected(now));
            }

            waiter = new Waiter();
            waiter.Node = _queue.AddLast(waiter);
            if (_queue.Count == 1)
            {
                Schedule(now);
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static s =>
            {
                var (limiter, w, token) = ((QuotaRateLimiter, Waiter, CancellationToken))s!;
                limiter.Cancel(w, token);
            }, (this, waiter, cancellationToken));
        }

        return new ValueTask<RateLimitLease>(waiter.Task.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> pending;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = new List<Waiter>(_queue);
            _queue.Clear();
        }

        _timer.Dispose();
        foreach (var w in pending)
        {
            w.Registration.Dispose();
            w.Task.TrySetException(new ObjectDisposedException(nameof(QuotaRateLimiter)));
        }
    }

    private static void CheckPermitCount(int permitCount)
    {
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "Only one permit per request is supported.");
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(QuotaRateLimiter));
        }
    }

    private RateLimitLease Rejected(long now)
    {
        long wait = Math.Max(0, WaitTicks(now));
        return new Lease(false, TimeSpan.FromSeconds(wait / (double)_time.TimestampFrequency));
    }

    /// <summary>How long (timestamp units) until one more grant fits every quota; ≤ 0 means now.</summary>
    private long WaitTicks(long now)
    {
        long wait = long.MinValue;
        for (int i = 0; i < _windows.Length; i++)
        {
            var ring = _grants[i];
            if (_count[i] < ring.Length)
            {
                continue;
            }

            // A full ring's next slot holds its oldest grant.
            long free = ring[_next[i]] + _windows[i];
            wait = Math.Max(wait, free - now);
        }

        return wait;
    }

    private void Record(long now)
    {
        for (int i = 0; i < _windows.Length; i++)
        {
            var ring = _grants[i];
            ring[_next[i]] = now;
            _next[i] = (_next[i] + 1) % ring.Length;
            if (_count[i] < ring.Length)
            {
                _count[i]++;
            }
        }

        _lastGrant = now;
    }

    private void Schedule(long now)
    {
        long ticks = Math.Max(1, WaitTicks(now));
        var due = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)(ticks * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        List<Waiter>? ready = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            long now = _time.GetTimestamp();
            while (_queue.First is { } first && WaitTicks(now) <= 0)
            {
                _queue.RemoveFirst();
                first.Value.Node = null;
                Record(now);
                (ready ??= new List<Waiter>()).Add(first.Value);
            }

            if (_queue.Count > 0)
            {
                Schedule(now);
            }
        }

        if (ready is not null)
        {
            foreach (var w in ready)
            {
                w.Registration.Dispose();
                w.Task.TrySetResult(Granted);
            }
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return; // already granted
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Task.TrySetCanceled(token);
    }

    private sealed class Waiter
    {
        public readonly TaskCompletionSource<RateLimitLease> Task = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node;
        public CancellationTokenRegistration Registration;
    }

    private sealed class Lease : RateLimitLease
    {
        private readonly TimeSpan? _retryAfter;

        public Lease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? Array.Empty<string>() : new[] { MetadataName.RetryAfter.Name };

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } ra && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = ra;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
