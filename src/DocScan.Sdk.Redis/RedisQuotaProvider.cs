using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace DocScan.Sdk.Redis;

/// <summary>
/// An exact sliding-window quota shared by every process through Redis. Each permit is one atomic script that
/// reserves the earliest send time keeping every window of the account's quota, in arrival order (so no caller
/// starves); the caller then waits locally until that time. A reservation not used is removed.
/// </summary>
/// <remarks>
/// Reservations live in one sorted set per account, <c>{prefix}:quota:{vendor}:{account id}</c>, scored by send time in
/// Redis server milliseconds (so the processes' clocks do not matter); the set expires one longest window after its
/// last reservation.
/// </remarks>
internal sealed class RedisQuotaProvider : DocScanQuotaProvider
{
    // KEYS[1] the account's set. ARGV: member, count of rules, then per rule permits and window (ms).
    // The new send time is the latest of: now, the last reservation (arrival order), and, per rule, the N-th most
    // recent reservation plus the window. Only windows ending at the new time need checking, as it is the latest.
    private const string ReserveScript = """
        local key = KEYS[1]
        local n = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local longest = 0
        for i = 1, n do
          local w = tonumber(ARGV[2 + 2 * i])
          if w > longest then longest = w end
        end
        redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - longest))
        local at = now
        local last = redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')
        if #last > 0 and tonumber(last[2]) > at then at = tonumber(last[2]) end
        for i = 1, n do
          local permits = tonumber(ARGV[1 + 2 * i])
          local w = tonumber(ARGV[2 + 2 * i])
          local r = redis.call('ZREVRANGE', key, permits - 1, permits - 1, 'WITHSCORES')
          if #r > 0 and tonumber(r[2]) + w > at then at = tonumber(r[2]) + w end
        end
        redis.call('ZADD', key, at, ARGV[1])
        redis.call('PEXPIRE', key, at - now + longest + 1000)
        return { at, now }
        """;

    private readonly RedisConnection _connection;
    private readonly string _instance = Guid.NewGuid().ToString("N").Substring(0, 12);
    private long _sequence;

    public RedisQuotaProvider(RedisConnection connection) => _connection = connection;

    public override DocScanQuota GetQuota(DocScanQuotaSpec spec)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        var args = new RedisValue[2 + (2 * spec.Windows.Count)];
        args[1] = spec.Windows.Count;
        for (int i = 0; i < spec.Windows.Count; i++)
        {
            args[2 + (2 * i)] = spec.Windows[i].Permits;
            args[3 + (2 * i)] = (long)Math.Ceiling(spec.Windows[i].Window.TotalMilliseconds);
        }

        // The fallback is the in-process quota of the same account, shared with this process's other clients.
        return new Quota(this, spec, new RedisKey[] { _connection.Key("quota", spec.Account) }, args, InProcess.GetQuota(spec));
    }

    private string NextMember() => _instance + ":" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);

    private sealed class Quota : DocScanQuota
    {
        private readonly RedisQuotaProvider _owner;
        private readonly DocScanQuotaSpec _spec;
        private readonly RedisKey[] _keys;
        private readonly RedisValue[] _args;
        private readonly DocScanQuota _fallback;
        private readonly long _spacingTicks;
        private int _waiting;
        private long _lastDue;

        public Quota(RedisQuotaProvider owner, DocScanQuotaSpec spec, RedisKey[] keys, RedisValue[] args, DocScanQuota fallback)
        {
            _owner = owner;
            _spec = spec;
            _keys = keys;
            _args = args;
            _fallback = fallback;
            double spacing = 0;
            foreach (var w in spec.Windows)
            {
                spacing = Math.Max(spacing, w.Window.TotalSeconds / w.Permits);
            }

            _spacingTicks = (long)(spacing * Stopwatch.Frequency);
        }

        public override async ValueTask<DocScanQuotaPermit> AcquireAsync(CancellationToken cancellationToken)
        {
            var connection = _owner._connection;
            if (Interlocked.Increment(ref _waiting) > _spec.QueueLimit)
            {
                Interlocked.Decrement(ref _waiting);
                long ahead = Math.Max(0, Interlocked.Read(ref _lastDue) - Stopwatch.GetTimestamp()) + _spacingTicks;
                throw DocScanQuotaErrors.QueueFull(_spec, TimeSpan.FromSeconds(ahead / (double)Stopwatch.Frequency));
            }

            // The process's own exact quota first: this process alone never exceeds it (so an outage that falls back to
            // it starts from the true local history), and only one caller per free slot goes on to reserve in Redis.
            DocScanQuotaPermit? local = null;
            try
            {
                local = await _fallback.AcquireAsync(cancellationToken).ConfigureAwait(false);
                var args = (RedisValue[])_args.Clone();
                string member = _owner.NextMember();
                args[0] = member;
                var (ok, result) = await connection.TryAsync(db => db.ScriptEvaluateAsync(ReserveScript, _keys, args), "quota", cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    if (connection.Options.WhenUnavailable == RedisUnavailableBehavior.FallBackToInProcess)
                    {
                        connection.FallingBack(_spec.Account, "quota");
                        var alone = local;
                        local = null;
                        return alone;
                    }

                    throw connection.UnavailableError(_spec.Account, "quota");
                }

                var pair = (RedisResult[])result!;
                long wait = (long)pair[0] - (long)pair[1];
                long due = Stopwatch.GetTimestamp() + (long)(wait / 1000.0 * Stopwatch.Frequency);
                InterlockedMax(ref _lastDue, due);
                var permit = new Permit(this, member, due, (long)pair[0], local);
                local = null;
                if (wait > 0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        permit.Dispose(); // gives the reserved time back
                        throw;
                    }
                }

                return permit;
            }
            finally
            {
                local?.Dispose();
                Interlocked.Decrement(ref _waiting);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _fallback.Dispose();
            }
        }

        private static void InterlockedMax(ref long target, long value)
        {
            long seen = Interlocked.Read(ref target);
            while (value > seen)
            {
                long was = Interlocked.CompareExchange(ref target, value, seen);
                if (was == seen)
                {
                    return;
                }

                seen = was;
            }
        }

        private sealed class Permit : DocScanQuotaPermit
        {
            private readonly Quota _quota;
            private readonly string _member;
            private readonly long _due;
            private readonly long _reservedMs;
            private readonly DocScanQuotaPermit _local;
            private int _settled;

            public Permit(Quota quota, string member, long due, long reservedMs, DocScanQuotaPermit local)
            {
                _local = local;
                _quota = quota;
                _member = member;
                _due = due;
                _reservedMs = reservedMs;
            }

            public override void MarkSent()
            {
                if (Interlocked.Exchange(ref _settled, 1) != 0)
                {
                    return;
                }

                _local.MarkSent();

                // Sent later than reserved (held up by a token fetch, say): move the stamp, so reservations made from
                // now on count from the real send. Fire and forget: the request is already going out.
                long lateMs = (Stopwatch.GetTimestamp() - _due) * 1000 / Stopwatch.Frequency;
                if (lateMs > 1)
                {
                    var key = _quota._keys[0];
                    var member = _member;
                    long sentAt = _reservedMs + lateMs;
                    _quota.Send(db => db.SortedSetAddAsync(key, member, sentAt, SortedSetWhen.Exists | SortedSetWhen.GreaterThan, CommandFlags.FireAndForget));
                }
            }

            protected override void Dispose(bool disposing)
            {
                _local.Dispose();
                if (Interlocked.Exchange(ref _settled, 1) == 0)
                {
                    var key = _quota._keys[0];
                    var member = _member;
                    _quota.Send(db => db.SortedSetRemoveAsync(key, member, CommandFlags.FireAndForget));
                }
            }
        }

        /// <summary>Sends a command without waiting for it; a failure only means Redis is down, which the next permit sees.</summary>
        private void Send(Func<IDatabase, Task> command)
        {
            _ = _owner._connection.TryAsync(async db =>
            {
                await command(db).ConfigureAwait(false);
                return true;
            }, "quota", CancellationToken.None);
        }
    }
}

/// <summary>The queue-full failure, worded as the in-process quota words it.</summary>
internal static class DocScanQuotaErrors
{
    public static DocScanException QueueFull(DocScanQuotaSpec spec, TimeSpan retryAfter) => new(
        DocScanErrorKind.RateLimited,
        $"the client-side rate-limit queue is full ({spec.QueueLimit.ToString(CultureInfo.InvariantCulture)} calls waiting); slow down or raise {spec.SettingSection}:QueueLimit.")
    {
        IsTransient = true,
        RetryAfter = retryAfter,
    };
}
