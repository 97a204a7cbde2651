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
/// <para>Quotas hold for the times requests are <em>sent</em>, as the vendor counts them: a granted lease
/// counts as "now" until <see cref="Grant.MarkSent"/> stamps the moment it went out (or it is disposed
/// unsent), so a slow first send cannot bring the second one closer than the window.</para>
/// The built-in window limiters of System.Threading.RateLimiting replenish on a timer and, chained, let
/// requests through early (0.9 s apart, 21 inside 59.9 s were seen), which breaks a vendor's
/// "1 per second and 20 per minute" as the vendor counts it. Keeping the last N grant times per quota makes
/// the guarantee exact for any window that the vendor may slide.
/// </remarks>
internal sealed class QuotaRateLimiter : RateLimiter
{
    private readonly TimeProvider _time;
    private readonly int _queueLimit;
    private readonly long[] _windows;     // in TimeProvider timestamp units
    private readonly Grant?[][] _grants;  // ring of the last N grants, per quota
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
        _grants = new Grant?[quotas.Count][];
        _next = new int[quotas.Count];
        _count = new int[quotas.Count];
        for (int i = 0; i < quotas.Count; i++)
        {
            _windows[i] = (long)(quotas[i].Window.Ticks * (double)timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond);
            _grants[i] = new Grant?[quotas[i].Permits];
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
                return permitCount == 1 ? Record(now) : Probe;
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
                return new ValueTask<RateLimitLease>(permitCount == 1 ? Record(now) : Probe);
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
        long wait = Math.Max(0, WaitTicksBehindQueue(now));
        return new Rejection(TimeSpan.FromSeconds(wait / (double)_time.TimestampFrequency));
    }

    /// <summary>
    /// How long (timestamp units) until a caller joining now would be granted: every queued caller ahead is granted
    /// first, each at the earliest moment every quota allows (grants not sent yet count as sent now).
    /// </summary>
    private long WaitTicksBehindQueue(long now)
    {
        // The last N send times per quota, oldest first; the simulation appends the grants of the callers ahead.
        var recent = new Queue<long>[_windows.Length];
        for (int i = 0; i < _windows.Length; i++)
        {
            var times = new List<long>(_count[i]);
            foreach (var g in _grants[i])
            {
                if (g is not null)
                {
                    times.Add(g.Pending ? now : g.Time);
                }
            }

            times.Sort();
            recent[i] = new Queue<long>(times);
        }

        long at = now;
        for (int ahead = _queue.Count; ; ahead--)
        {
            for (int i = 0; i < _windows.Length; i++)
            {
                if (recent[i].Count == _grants[i].Length)
                {
                    at = Math.Max(at, recent[i].Peek() + _windows[i]);
                }
            }

            if (ahead == 0)
            {
                return at - now;
            }

            for (int i = 0; i < _windows.Length; i++)
            {
                if (recent[i].Count == _grants[i].Length)
                {
                    recent[i].Dequeue();
                }

                recent[i].Enqueue(at);
            }
        }
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

            // One more fits once the earliest of the last N sends is a window old; a grant not sent yet counts as now.
            long earliest = long.MaxValue;
            foreach (var g in ring)
            {
                earliest = Math.Min(earliest, g!.Pending ? now : g.Time);
            }

            wait = Math.Max(wait, earliest + _windows[i] - now);
        }

        return wait;
    }

    private Grant Record(long now)
    {
        var grant = new Grant(this, now);
        for (int i = 0; i < _windows.Length; i++)
        {
            var ring = _grants[i];
            ring[_next[i]] = grant;
            _next[i] = (_next[i] + 1) % ring.Length;
            if (_count[i] < ring.Length)
            {
                _count[i]++;
            }
        }

        _lastGrant = now;
        return grant;
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
                first.Value.Granted = Record(now);
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
                if (!w.Task.TrySetResult(w.Granted!))
                {
                    w.Granted!.Dispose();
                }
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
        public Grant? Granted;
    }

    private static readonly RateLimitLease Probe = new Rejection(null, acquired: true);

    /// <summary>Settles a grant (sent now, or never sent) and lets the queue re-check the quota.</summary>
    private void Settle(Grant grant, bool sent)
    {
        lock (_lock)
        {
            if (!grant.Pending)
            {
                return;
            }

            grant.Pending = false;
            if (sent)
            {
                grant.Time = _time.GetTimestamp();
            }
        }

        OnTimer();
    }

    /// <summary>A granted permit; counts as "now" for the quota until it is marked sent or disposed.</summary>
    internal sealed class Grant : RateLimitLease
    {
        private readonly QuotaRateLimiter _owner;

        public Grant(QuotaRateLimiter owner, long time)
        {
            _owner = owner;
            Time = time;
        }

        public long Time { get; set; }

        public bool Pending { get; set; } = true;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => Array.Empty<string>();

        /// <summary>Stamps the moment the request went out.</summary>
        public void MarkSent() => _owner.Settle(this, sent: true);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing) => _owner.Settle(this, sent: false);
    }

    private sealed class Rejection : RateLimitLease
    {
        private readonly TimeSpan? _retryAfter;

        public Rejection(TimeSpan? retryAfter, bool acquired = false)
        {
            _retryAfter = retryAfter;
            IsAcquired = acquired;
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
