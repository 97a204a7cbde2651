using System;
using System.Collections.Generic;
using System.Globalization;

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
