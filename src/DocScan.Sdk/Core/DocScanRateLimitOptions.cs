using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.RateLimiting;

namespace DocScan.Sdk;

/// <summary>The client-side request quota: calls queue, in order, until the quota lets them go.</summary>
/// <remarks>
/// Quotas are sliding windows over the times requests were let go: with <see cref="PermitsPerSecond"/> = 1
/// any two requests are at least one second apart; with <see cref="PermitsPerMinute"/> = 20 no 60-second
/// span ever holds 21. Each vendor sets its documented quota as the default.
/// </remarks>
public sealed class DocScanRateLimitOptions
{
    /// <summary>Whether the client limits its own request rate. Default <see langword="true"/> where the vendor documents a quota.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests allowed in any one-second span, or <see langword="null"/> for no per-second quota.</summary>
    public int? PermitsPerSecond { get; set; }

    /// <summary>Requests allowed in any 60-second span, or <see langword="null"/> for no per-minute quota.</summary>
    public int? PermitsPerMinute { get; set; }

    /// <summary>How many calls may wait for the quota before further calls fail with <see cref="DocScanErrorKind.RateLimited"/>. Default 1000.</summary>
    public int QueueLimit { get; set; } = 1000;

    /// <summary>
    /// Added to every window, so that jitter between the moment the SDK records a send and the moment the vendor
    /// counts its arrival cannot make the vendor count requests closer than the quota allows; also added to every
    /// <c>Retry-After</c> wait. Default 150 ms (50 ms was measured too little when several processes share a busy
    /// host); between 0 and 1 minute.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan MaxSafetyMargin = TimeSpan.FromMinutes(1);

    private RateLimiter? _limiter;

    /// <summary>
    /// Replaces the built-in quota with a plain <see cref="RateLimiter"/>, kept for compatibility. It is used as given,
    /// for every call of this client, and not disposed by it; <see cref="PermitsPerSecond"/>, <see cref="PermitsPerMinute"/>
    /// and <see cref="QueueLimit"/> are then ignored. (A method, not a property, so configuration binding skips it.)
    /// </summary>
    /// <remarks>
    /// Approximate: a <see cref="RateLimiter"/> is not told when the request is actually sent, and it is this client's,
    /// not the account's, so it cannot hold a quota as the vendor counts it. The built-in quota is exact and shared per
    /// account; <c>DocScan.Sdk.Redis</c> shares it across processes, and a <see cref="DocScanQuotaProvider"/> of your own
    /// can be registered in the container instead.
    /// </remarks>
    /// <param name="limiter">A limiter whose <c>AcquireAsync(1)</c> is awaited before every attempt.</param>
    public void UseLimiter(RateLimiter limiter) => _limiter = limiter ?? throw new System.ArgumentNullException(nameof(limiter));

    internal RateLimiter? CustomLimiter() => _limiter;

    internal void Validate(string section, List<string> errors)
    {
        if (PermitsPerSecond is <= 0)
        {
            errors.Add($"{section}:PermitsPerSecond must be positive (or unset); got {PermitsPerSecond.Value.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (PermitsPerMinute is <= 0)
        {
            errors.Add($"{section}:PermitsPerMinute must be positive (or unset); got {PermitsPerMinute.Value.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (QueueLimit < 0)
        {
            errors.Add($"{section}:QueueLimit must not be negative; got {QueueLimit.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (SafetyMargin < TimeSpan.Zero || SafetyMargin > MaxSafetyMargin)
        {
            errors.Add($"{section}:SafetyMargin must be between 0 and 1 minute; got {DocScanClientOptions.Describe(SafetyMargin)}.");
        }
    }
}
