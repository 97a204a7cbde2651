using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk.Qingyang;

/// <summary>Settings for <see cref="QingyangClient"/> (configuration section <c>DocScan:Qingyang</c>).</summary>
/// <remarks>
/// Defaults: base address <c>https://api.qingyangzhichuang.com</c>; files up to 10 MiB; no client-side rate limit
/// (the vendor documents no quota); attempt timeout 60 s; total timeout 3 minutes. Recognition is charged (model
/// tokens), so an ambiguous failure (timeout after sending, HTTP 500) is not retried unless
/// <see cref="DocScanRetryOptions.RetryAmbiguousFailures"/> is set. Strategies run in the order given on
/// <see cref="DocScanClientOptions"/>.
/// </remarks>
public sealed class QingyangOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.qingyangzhichuang.com");

    /// <summary>The vendor's documented upload limit, 10 MB, taken as 10 MiB (10,485,760 bytes).</summary>
    public const long DefaultMaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Creates options with the vendor's defaults.</summary>
    public QingyangOptions()
    {
        BaseAddress = DefaultBaseAddress;
    }

    /// <summary>The API key, sent as the <c>X-Auth-Key</c> header on every call. Required for calls; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The largest file the client uploads; a larger one fails before anything is sent. Default <see cref="DefaultMaxFileBytes"/> (10 MiB).</summary>
    /// <remarks>The vendor documents "最大 10MB" and answers HTTP 413 above it; lower this if the service turns out to count 10,000,000 bytes.</remarks>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
        if (MaxFileBytes <= 0)
        {
            errors.Add($"{section}:MaxFileBytes must be positive; got {MaxFileBytes.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
