using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk;

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
