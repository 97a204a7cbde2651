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
    /// <value>Default: 60 seconds. Must be positive and at most <see cref="TotalTimeout"/>.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The limit on a whole call: rate-limit waits, every attempt and the delays between them.</summary>
    /// <value>Default: 3 minutes. Must be positive.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

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
            errors.Add($"{section}:BaseAddress must be an absolute http(s) URL; got '{address}'.");
        }
        else if (address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback && !AllowInsecureHttp)
        {
            errors.Add($"{section}:BaseAddress uses plain http on a non-loopback host ('{address.Host}'); use https, or set {section}:AllowInsecureHttp to true.");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:AttemptTimeout must be positive; got {AttemptTimeout}.");
        }

        if (TotalTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:TotalTimeout must be positive; got {TotalTimeout}.");
        }
        else if (AttemptTimeout > TotalTimeout)
        {
            errors.Add($"{section}:AttemptTimeout ({AttemptTimeout}) must not exceed TotalTimeout ({TotalTimeout}).");
        }

        Retry.Validate(section + ":Retry", errors);
        RateLimit.Validate(section + ":RateLimit", errors);
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

    /// <summary>Throws the problems of these options as one <see cref="ArgumentException"/>.</summary>
    internal void ThrowIfInvalid(string section)
    {
        var errors = new List<string>();
        Validate(section, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid DocScan options: " + string.Join(" ", errors));
        }
    }
}

/// <summary>Which failures a client retries, how often, and how long it waits in between.</summary>
/// <remarks>
/// Failures that prove the vendor did not process the request are retried for every operation; ambiguous ones
/// only for free or idempotent operations (see <see cref="OperationCharge"/>); permanent ones never.
/// </remarks>
public sealed class DocScanRetryOptions
{
    /// <summary>How many times a failed attempt is retried. Default 3; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially with jitter. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> the client waits for. A longer one fails the call at once with <see cref="DocScanErrorKind.RateLimited"/> and <see cref="DocScanException.RetryAfter"/> set. Default 60 seconds.</summary>
    /// <remarks>A wait that would run past <see cref="DocScanClientOptions.TotalTimeout"/> also fails at once.</remarks>
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

        if (BaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{section}:BaseDelay must not be negative; got {BaseDelay}.");
        }

        if (MaxDelay < BaseDelay)
        {
            errors.Add($"{section}:MaxDelay ({MaxDelay}) must not be less than BaseDelay ({BaseDelay}).");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{section}:MaxRetryAfter must not be negative; got {MaxRetryAfter}.");
        }
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

    /// <summary>Added to every window, so that network jitter cannot make the vendor count requests closer than the quota allows. Default 50 ms.</summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromMilliseconds(50);

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

        if (SafetyMargin < TimeSpan.Zero)
        {
            errors.Add($"{section}:SafetyMargin must not be negative; got {SafetyMargin}.");
        }
    }
}
