using System;
using System.Collections.Generic;

namespace DocScan.Emulator.Shared;

/// <summary>
/// A per-key sliding-window quota as a vendor counts it: at most <c>limit</c> admitted requests in any
/// <c>window</c>. Only admitted requests count. A small tolerance allows for a request measured as arriving a
/// few milliseconds early.
/// </summary>
internal sealed class Quota
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _admitted = new(StringComparer.Ordinal);
    private readonly (int Limit, TimeSpan Window)[] _rules;
    private readonly TimeSpan _tolerance;

    public Quota(TimeSpan tolerance, params (int? Limit, TimeSpan Window)[] rules)
    {
        _tolerance = tolerance;
        var active = new List<(int, TimeSpan)>();
        foreach (var (limit, window) in rules)
        {
            if (limit is > 0)
            {
                active.Add((limit.Value, window));
            }
        }

        _rules = [.. active];
    }

    public bool IsOff => _rules.Length == 0;

    /// <summary>Admits and records the request, or returns <see langword="false"/> when it would break a rule.</summary>
    public bool TryAdmit(string key, DateTimeOffset now)
    {
        if (IsOff)
        {
            return true;
        }

        lock (_gate)
        {
            if (!_admitted.TryGetValue(key, out var times))
            {
                times = new Queue<DateTimeOffset>();
                _admitted[key] = times;
            }

            TimeSpan longest = TimeSpan.Zero;
            foreach (var (limit, window) in _rules)
            {
                longest = window > longest ? window : longest;
                int inWindow = 0;
                foreach (var t in times)
                {
                    // A request counts against this one if it is less than (window - tolerance) older.
                    if (now - t < window - _tolerance)
                    {
                        inWindow++;
                    }
                }

                if (inWindow >= limit)
                {
                    return false;
                }
            }

            times.Enqueue(now);
            while (times.Count > 0 && now - times.Peek() >= longest)
            {
                times.Dequeue();
            }

            return true;
        }
    }
}

/// <summary>Counts per key per China calendar day (UTC+8), for daily limits.</summary>
internal sealed class DailyCounter
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateOnly Day, int Count)> _counts = new(StringComparer.Ordinal);

    /// <summary>Adds one if the key is under <paramref name="limit"/> today; returns whether it was.</summary>
    public bool TryTake(string key, int limit, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);
        lock (_gate)
        {
            var (current, count) = _counts.TryGetValue(key, out var entry) && entry.Day == day ? entry : (day, 0);
            if (count >= limit)
            {
                return false;
            }

            _counts[key] = (current, count + 1);
            return true;
        }
    }
}
