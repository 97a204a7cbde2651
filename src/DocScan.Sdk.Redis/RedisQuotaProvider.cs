using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace DocScan.Sdk.Redis;

/// <summary>
/// An exact sliding-window quota shared by every process through Redis. A permit is reserved by one atomic script
/// at the earliest send time that keeps every window of the account's quota, in arrival order (so no caller starves);
/// the caller waits locally until then, and confirms with the same script that nobody ahead of it is still unsent
/// before it goes. A reservation not used is removed.
/// </summary>
/// <remarks>
/// Per account: a sorted set of send times in Redis server milliseconds (the processes' clocks do not matter),
/// <c>{prefix}:quota:{vendor:id}</c>, and the set of reservations not yet sent, <c>{prefix}:quota-pending:{vendor:id}</c>.
/// A reservation that is due but not sent counts as sent "now" (for at most <see cref="PendingLimitMs"/>), as the
/// in-process quota counts a granted permit, so a slow first send cannot bring the next one close.
/// </remarks>
internal sealed class RedisQuotaProvider : DocScanQuotaProvider
{
    /// <summary>How long a due, unsent reservation counts as "now" (a process that died holding one frees it after this).</summary>
    internal const long PendingLimitMs = 10_000;

    // KEYS: the account's send times, its unsent reservations. ARGV: member, mode ('r' reserve, 'c' check at the due
    // time), pending limit (ms), count of rules, then per rule permits and window (ms). Returns { time, now }.
    // Reserve: the latest of now, the last reservation (arrival order) and, per rule, the N-th most recent time plus
    // the window. Check: the same over the times at or before now (those ahead), without the arrival-order term.
    private const string Script = """
        local key, pend = KEYS[1], KEYS[2]
        local member, mode, pendingLimit, n = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local longest = 0
        for i = 1, n do
          local w = tonumber(ARGV[4 + 2 * i])
          if w > longest then longest = w end
        end
        redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - longest - pendingLimit))
        local times = {}
        local latest = now
        local function add(s)
          if mode == 'r' then
            if s > latest then latest = s end
            times[#times + 1] = s
          elseif s <= now then
            times[#times + 1] = s
          end
        end
        local seen = {}
        local raw = redis.call('ZRANGEBYSCORE', key, now - longest, '+inf', 'WITHSCORES')
        for i = 1, #raw, 2 do
          if raw[i] ~= member then
            local s = tonumber(raw[i + 1])
            if s < now and now - s < pendingLimit and redis.call('SISMEMBER', pend, raw[i]) == 1 then s = now end
            seen[raw[i]] = true
            add(s)
          end
        end
        -- Due but unsent reservations older than the longest window still count as now (until the pending limit).
        for _, m in ipairs(redis.call('SMEMBERS', pend)) do
          if m ~= member and not seen[m] then
            local s = redis.call('ZSCORE', key, m)
            if not s then
              redis.call('SREM', pend, m)
            elseif now - tonumber(s) < pendingLimit then
              add(now)
            end
          end
        end
        table.sort(times, function(a, b) return a > b end)
        local at = now
        if mode == 'r' then at = latest end
        for i = 1, n do
          local p, w = tonumber(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
          if #times >= p and times[p] + w > at then at = times[p] + w end
        end
        redis.call('ZADD', key, at, member)
        redis.call('SADD', pend, member)
        local ttl = at - now + longest + pendingLimit + 1000
        redis.call('PEXPIRE', key, ttl)
        redis.call('PEXPIRE', pend, ttl)
        return { at, now }
        """;

    // Stamps the real send time (never earlier than reserved) and ends the pending state.
    private const string SentScript = """
        if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1]) end
        redis.call('SREM', KEYS[2], ARGV[1])
        return 1
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

        var args = new RedisValue[4 + (2 * spec.Windows.Count)];
        args[2] = PendingLimitMs;
        args[3] = spec.Windows.Count;
        for (int i = 0; i < spec.Windows.Count; i++)
        {
            args[4 + (2 * i)] = spec.Windows[i].Permits;
            args[5 + (2 * i)] = (long)Math.Ceiling(spec.Windows[i].Window.TotalMilliseconds);
        }

        var keys = new RedisKey[] { _connection.Key("quota", spec.Account), _connection.Key("quota-pending", spec.Account) };

        // The fallback is the in-process quota of the same account, shared with this process's other clients.
        return new Quota(this, spec, keys, args, InProcess.GetQuota(spec));
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

        private RedisConnection Connection => _owner._connection;

        public override async ValueTask<DocScanQuotaPermit> AcquireAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _waiting) > _spec.QueueLimit)
            {
                Interlocked.Decrement(ref _waiting);
                long ahead = Math.Max(0, Interlocked.Read(ref _lastDue) - Stopwatch.GetTimestamp()) + _spacingTicks;
                throw DocScanQuotaErrors.QueueFull(_spec, TimeSpan.FromSeconds(ahead / (double)Stopwatch.Frequency));
            }

            // The process's own exact quota first: this process alone never exceeds it (so an outage that falls back to
            // it starts from the true local history), and only one caller per free slot goes on to reserve in Redis.
            DocScanQuotaPermit? local = null;
            string? member = null;
            try
            {
                local = await _fallback.AcquireAsync(cancellationToken).ConfigureAwait(false);
                member = _owner.NextMember();
                string mode = "r";
                while (true)
                {
                    var (ok, at, now) = await RunAsync(member, mode, cancellationToken).ConfigureAwait(false);
                    long replied = Stopwatch.GetTimestamp();
                    if (!ok)
                    {
                        Release(member);
                        member = null;
                        if (Connection.Options.WhenUnavailable == RedisUnavailableBehavior.FallBackToInProcess)
                        {
                            Connection.FallingBack(_spec.Account, "quota");
                            var alone = local;
                            local = null;
                            return alone;
                        }

                        throw Connection.UnavailableError(_spec.Account, "quota");
                    }

                    long wait = at - now;
                    long due = replied + (wait * Stopwatch.Frequency / 1000);
                    InterlockedMax(ref _lastDue, due);
                    if (wait <= 0)
                    {
                        var permit = new Permit(this, member, at, replied, local);
                        member = null;
                        local = null;
                        return permit;
                    }

                    // Wait locally, then confirm: whoever is ahead may have been late to send.
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
                    mode = "c";
                }
            }
            finally
            {
                if (member is not null)
                {
                    Release(member); // cancelled or failed while reserved: give the time back
                }

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

        private async Task<(bool Ok, long At, long Now)> RunAsync(string member, string mode, CancellationToken cancellationToken)
        {
            var args = (RedisValue[])_args.Clone();
            args[0] = member;
            args[1] = mode;
            var (ok, result) = await Connection.TryAsync(db => db.ScriptEvaluateAsync(Script, _keys, args), "quota", cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                return (false, 0, 0);
            }

            var pair = (RedisResult[])result!;
            return (true, (long)pair[0], (long)pair[1]);
        }

        /// <summary>Sends a command without waiting for it; a failure only means Redis is down, which the next permit sees.</summary>
        private void Send(Func<IDatabase, Task> command)
            => _ = Connection.TryAsync(
                async db =>
                {
                    await command(db).ConfigureAwait(false);
                    return true;
                },
                "quota",
                CancellationToken.None);

        private void Release(string member)
        {
            var keys = _keys;
            Send(db => Task.WhenAll(db.SortedSetRemoveAsync(keys[0], member), db.SetRemoveAsync(keys[1], member)));
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
            private readonly long _reservedMs;
            private readonly long _due;
            private readonly DocScanQuotaPermit _local;
            private int _settled;

            public Permit(Quota quota, string member, long reservedMs, long due, DocScanQuotaPermit local)
            {
                _quota = quota;
                _member = member;
                _reservedMs = reservedMs;
                _due = due;
                _local = local;
            }

            public override void MarkSent()
            {
                if (Interlocked.Exchange(ref _settled, 1) != 0)
                {
                    return;
                }

                _local.MarkSent();

                // The real send time in server milliseconds (never earlier than reserved); the request is already going
                // out, so the stamp is sent without waiting for it.
                long late = Math.Max(0, (Stopwatch.GetTimestamp() - _due) * 1000 / Stopwatch.Frequency);
                var keys = _quota._keys;
                var args = new RedisValue[] { _member, _reservedMs + late };
                _quota.Send(db => db.ScriptEvaluateAsync(SentScript, keys, args));
            }

            protected override void Dispose(bool disposing)
            {
                _local.Dispose();
                if (Interlocked.Exchange(ref _settled, 1) == 0)
                {
                    _quota.Release(_member);
                }
            }
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
