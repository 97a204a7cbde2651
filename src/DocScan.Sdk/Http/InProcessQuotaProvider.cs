using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// One <see cref="QuotaRateLimiter"/> per account, rules and clock in this process, shared by every client that asks
/// for it and disposed when the last of them lets go.
/// </summary>
internal sealed class InProcessQuotaProvider : DocScanQuotaProvider
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Account, string Rules, TimeProvider Time, object Scope), Entry> _quotas = new();

    /// <summary>How many accounts currently have a quota (tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _quotas.Count;
            }
        }
    }

    public override DocScanQuota GetQuota(DocScanQuotaSpec spec)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        // Different rules for one account are a configuration mismatch; each rule set keeps its own exact limiter.
        var key = (spec.Account.ToString(), string.Join(",", spec.Windows.Select(w => w.ToString())), spec.TimeProvider, spec.Scope ?? NoScope);
        lock (_lock)
        {
            if (!_quotas.TryGetValue(key, out var entry))
            {
                var limiter = new QuotaRateLimiter(spec.Windows.Select(w => (w.Permits, w.Window)).ToList(), spec.QueueLimit, spec.TimeProvider);
                entry = new Entry(limiter);
                _quotas.Add(key, entry);
            }

            entry.References++;
            return new Handle(this, key, entry, spec);
        }
    }

    private static readonly object NoScope = new();

    private void Release((string, string, TimeProvider, object) key, Entry entry)
    {
        lock (_lock)
        {
            if (--entry.References > 0)
            {
                return;
            }

            _quotas.Remove(key);
        }

        entry.Limiter.Dispose();
    }

    private sealed class Entry
    {
        public Entry(QuotaRateLimiter limiter) => Limiter = limiter;

        public QuotaRateLimiter Limiter { get; }

        public int References { get; set; }
    }

    private sealed class Handle : DocScanQuota
    {
        private readonly InProcessQuotaProvider _owner;
        private readonly (string, string, TimeProvider, object) _key;
        private readonly Entry _entry;
        private readonly DocScanQuotaSpec _spec;
        private int _disposed;

        public Handle(InProcessQuotaProvider owner, (string, string, TimeProvider, object) key, Entry entry, DocScanQuotaSpec spec)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
            _spec = spec;
        }

        public override async ValueTask<DocScanQuotaPermit> AcquireAsync(CancellationToken cancellationToken)
        {
            var lease = await _entry.Limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (lease is QuotaRateLimiter.Grant grant)
            {
                return new GrantPermit(grant);
            }

            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
            lease.Dispose();
            throw QueueFull(_spec, retryAfter);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _owner.Release(_key, _entry);
            }
        }
    }

    /// <summary>The queue-full failure every quota implementation reports the same way.</summary>
    internal static DocScanException QueueFull(DocScanQuotaSpec spec, TimeSpan? retryAfter) => new(
        DocScanErrorKind.RateLimited,
        $"the client-side rate-limit queue is full ({spec.QueueLimit.ToString(CultureInfo.InvariantCulture)} calls waiting); slow down or raise {spec.SettingSection}:QueueLimit.")
    {
        IsTransient = true,
        RetryAfter = retryAfter,
        Failure = FailureClass.Permanent,
    };

    private sealed class GrantPermit : DocScanQuotaPermit
    {
        private readonly QuotaRateLimiter.Grant _grant;

        public GrantPermit(QuotaRateLimiter.Grant grant) => _grant = grant;

        public override void MarkSent() => _grant.MarkSent();

        protected override void Dispose(bool disposing) => _grant.Dispose();
    }
}
