using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.RateLimiting;

namespace DocScan.Sdk;

/// <summary>Settings every DocScan client shares: where it sends requests, how long it waits, what it retries, how fast it goes.</summary>
/// <remarks>
/// A call runs through these strategies, outermost first: <see cref="TotalTimeout"/> → retry
/// (<see cref="Retry"/>) → client-side rate limit (<see cref="RateLimit"/>) → <see cref="AttemptTimeout"/> →
/// one HTTP attempt. Each vendor's options class sets the vendor's own defaults (base address, quotas).
/// </remarks>
public abstract class DocScanClientOptions
{
    /// <summary>The vendor's base address. Defaults to the vendor's production host.</summary>
    /// <remarks>Plain <c>http://</c> is refused for any host but loopback unless <see cref="AllowInsecureHttp"/> is set.</remarks>
    public Uri? BaseAddress { get; set; }

    /// <summary>The address requests go to: <see cref="BaseAddress"/>, or the vendor's choice when it is not set (e签宝's environment).</summary>
    internal Uri? EffectiveBaseAddress => BaseAddress ?? FallbackBaseAddress();

    /// <summary>The address a vendor uses when <see cref="BaseAddress"/> is not set; none by default.</summary>
    private protected virtual Uri? FallbackBaseAddress() => null;

    /// <summary>Allows a plain <c>http://</c> <see cref="BaseAddress"/> on a non-loopback host. Default <see langword="false"/>.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The limit on one HTTP attempt, from send until the response headers (and, for JSON answers, the body) arrive.</summary>
    /// <value>Default: 60 seconds. Must be between 10 ms and 24 hours (the bounds of the Polly timeout strategy), and at most <see cref="TotalTimeout"/>.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The limit on a whole call: rate-limit waits, every attempt and the delays between them.</summary>
    /// <value>Default: 3 minutes. Must be between 10 ms and 24 hours; an infinite timeout is not accepted, so every call ends.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How long one read of a streamed response body (a download returned as a <see cref="System.IO.Stream"/>, or
    /// copied to a destination) may wait for data. A read that receives nothing for this long fails with
    /// <see cref="DocScanErrorKind.Timeout"/> instead of hanging on a stalled connection.
    /// </summary>
    /// <value>Default: 30 seconds. Must be between 10 ms and 24 hours.</value>
    public TimeSpan ResponseReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which failures are retried and how often.</summary>
    public DocScanRetryOptions Retry { get; set; } = new();

    /// <summary>The client-side request quota that keeps calls inside the vendor's limits.</summary>
    public DocScanRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Response header names whose values may be logged (besides the request-id headers the vendor defines). Default: none.</summary>
    /// <remarks>No other header value is ever logged: keys, tokens and signatures live in headers.</remarks>
    public IList<string> LoggedHeaders { get; } = new List<string>();

    /// <summary>Adds this section's problems to <paramref name="errors"/>, each prefixed with <paramref name="section"/>.</summary>
    internal virtual void Validate(string section, List<string> errors)
    {
        var address = EffectiveBaseAddress;
        if (address is null)
        {
            errors.Add($"{section}:BaseAddress is required.");
        }
        else if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{section}:BaseAddress must be an absolute http(s) URL; got {DescribeAddress(address)}.");
        }
        else if (address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback && !AllowInsecureHttp)
        {
            errors.Add($"{section}:BaseAddress uses plain http on a non-loopback host ('{address.Host}'); use https, or set {section}:AllowInsecureHttp to true.");
        }

        bool attemptValid = CheckTimeout(section, "AttemptTimeout", AttemptTimeout, errors);
        bool totalValid = CheckTimeout(section, "TotalTimeout", TotalTimeout, errors);
        if (attemptValid && totalValid && AttemptTimeout > TotalTimeout)
        {
            errors.Add($"{section}:AttemptTimeout ({Describe(AttemptTimeout)}) must not exceed {section}:TotalTimeout ({Describe(TotalTimeout)}).");
        }

        CheckTimeout(section, "ResponseReadTimeout", ResponseReadTimeout, errors);
        Retry.Validate(section + ":Retry", errors);
        RateLimit.Validate(section + ":RateLimit", errors);
    }

    /// <summary>The shortest timeout the SDK accepts: the Polly timeout strategy refuses less.</summary>
    internal static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest timeout or delay the SDK accepts: the Polly timeout and retry strategies refuse more.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>
    /// A duration as error messages print it: <c>Timeout.InfiniteTimeSpan</c> by name (not "-00:00:00.001"), short
    /// spans in milliseconds or seconds, longer ones as <c>d.hh:mm:ss</c>.
    /// </summary>
    internal static string Describe(TimeSpan value)
    {
        if (value == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return "infinite (Timeout.InfiniteTimeSpan)";
        }

        if (value == TimeSpan.MaxValue || value == TimeSpan.MinValue)
        {
            return value == TimeSpan.MaxValue ? "TimeSpan.MaxValue" : "TimeSpan.MinValue";
        }

        if (value.Duration() < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        }

        if (value.Duration() < TimeSpan.FromMinutes(1))
        {
            return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        }

        return value.ToString("c", CultureInfo.InvariantCulture);
    }

    /// <summary>An address as messages print it: scheme and host only, never user info (a password), path or query.</summary>
    internal static string DescribeAddress(Uri address)
        => address.IsAbsoluteUri
            ? $"a '{address.Scheme}' address on host '{address.Host}'"
            : "a relative address";

    /// <summary>Adds an error unless <paramref name="value"/> is within the Polly timeout bounds; returns whether it is.</summary>
    internal static bool CheckTimeout(string section, string key, TimeSpan value, List<string> errors)
    {
        if (value >= MinTimeout && value <= MaxTimeout)
        {
            return true;
        }

        string why = value == System.Threading.Timeout.InfiniteTimeSpan ? " An infinite timeout is not supported: every call must end." : string.Empty;
        errors.Add($"{section}:{key} must be between 10 ms and 24 hours; got {Describe(value)}.{why}");
        return false;
    }

    /// <summary>Adds an error when only one of two credentials that go together is set.</summary>
    internal static void ValidatePair(string section, string firstName, string? first, string secondName, string? second, List<string> errors)
    {
        bool hasFirst = !string.IsNullOrWhiteSpace(first);
        bool hasSecond = !string.IsNullOrWhiteSpace(second);
        if (hasFirst != hasSecond)
        {
            errors.Add($"{section}:{(hasFirst ? secondName : firstName)} is required when {section}:{(hasFirst ? firstName : secondName)} is set.");
        }
    }

    /// <summary>Throws the problems of these options as one <see cref="ArgumentException"/>, naming keys as configuration does (<c>DocScan:&lt;Vendor&gt;:&lt;Key&gt;</c>).</summary>
    internal void ThrowIfInvalid(string section)
    {
        var errors = new List<string>();
        Validate(DocScanOptions.SectionName + ":" + section, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid DocScan options: " + string.Join(" ", errors));
        }
    }
}

/// <summary>Which failures a client retries, how often, and how long it waits in between.</summary>
/// <remarks>
/// Failures that prove the vendor did not process the request are retried for every operation; ambiguous ones
/// only for free or idempotent operations (a repeat of a charged one could be billed twice); permanent ones never.
/// </remarks>
public sealed class DocScanRetryOptions
{
    /// <summary>How many times a failed attempt is retried. Default 3; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially with jitter. Default 1 second; between 0 and 24 hours.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay. Default 30 seconds; at most 24 hours.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> the client waits for. A longer one fails the call at once with <see cref="DocScanErrorKind.RateLimited"/> and <see cref="DocScanException.RetryAfter"/> set. Default 60 seconds.</summary>
    /// <remarks>
    /// At most 24 hours. A wait that leaves no room in <see cref="DocScanClientOptions.TotalTimeout"/> for another
    /// attempt (as long as the last one took, and at least 1 second) also fails at once. The client waits
    /// <c>Retry-After</c> plus <see cref="DocScanRateLimitOptions.SafetyMargin"/>.
    /// </remarks>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Retries ambiguous failures (timeout after sending, 5xx, connection reset) of charged operations too.
    /// Default <see langword="false"/>: such a retry may be charged twice.
    /// </summary>
    public bool RetryAmbiguousFailures { get; set; }

    internal void Validate(string section, List<string> errors)
    {
        if (MaxRetries < 0)
        {
            errors.Add($"{section}:MaxRetries must not be negative; got {MaxRetries.ToString(CultureInfo.InvariantCulture)}.");
        }

        bool baseValid = CheckDelay(section, "BaseDelay", BaseDelay, errors);
        bool maxValid = CheckDelay(section, "MaxDelay", MaxDelay, errors);
        if (baseValid && maxValid && MaxDelay < BaseDelay)
        {
            errors.Add($"{section}:MaxDelay ({DocScanClientOptions.Describe(MaxDelay)}) must not be less than {section}:BaseDelay ({DocScanClientOptions.Describe(BaseDelay)}).");
        }

        CheckDelay(section, "MaxRetryAfter", MaxRetryAfter, errors);
    }

    /// <summary>Retry waits are Polly retry delays: between 0 and 24 hours.</summary>
    private static bool CheckDelay(string section, string key, TimeSpan value, List<string> errors)
    {
        if (value >= TimeSpan.Zero && value <= DocScanClientOptions.MaxTimeout)
        {
            return true;
        }

        errors.Add($"{section}:{key} must be between 0 and 24 hours; got {DocScanClientOptions.Describe(value)}.");
        return false;
    }
}

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
    /// Added to every window, so that network jitter cannot make the vendor count requests closer than the quota
    /// allows, and to every <c>Retry-After</c> wait. Default 50 ms; between 0 and 1 minute.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(50);

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
