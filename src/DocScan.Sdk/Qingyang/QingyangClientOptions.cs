using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk.Qingyang;

/// <summary>Settings for <see cref="QingyangClient"/> (configuration section <c>DocScan:Qingyang</c>).</summary>
/// <remarks>
/// Defaults: base address <c>https://api.qingyangzhichuang.com</c>; files up to 10,000,000 bytes; no client-side rate limit
/// (the vendor documents no quota); attempt timeout 60 s; total timeout 3 minutes. Recognition is charged (model
/// tokens), so an ambiguous failure (timeout after sending, HTTP 500) is not retried unless
/// <see cref="DocScanRetryOptions.RetryAmbiguousFailures"/> is set. Strategies run in the order given on
/// <see cref="DocScanClientOptions"/>.
/// </remarks>
public sealed class QingyangClientOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.qingyangzhichuang.com");

    /// <summary>The vendor's documented upload limit, "最大 10MB", read conservatively as 10,000,000 bytes.</summary>
    public const long DefaultMaxImageBytes = 10_000_000;

    /// <summary>Creates options with the vendor's defaults.</summary>
    public QingyangClientOptions()
    {
        BaseAddress = DefaultBaseAddress;
    }

    /// <summary>The API key, sent as the <c>X-Auth-Key</c> header on every call. Required for calls; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The largest image or PDF the client uploads; a larger one fails with <see cref="DocScanErrorKind.InvalidRequest"/>
    /// before anything is sent. Default <see cref="DefaultMaxImageBytes"/> (10,000,000 bytes). Not applied to URLs or server paths.
    /// </summary>
    /// <remarks>
    /// The vendor documents "最大 10MB" and answers HTTP 413 above it without saying whether MB is 10^6 or 2^20 bytes; the
    /// default takes the smaller reading, so a file the server might refuse fails locally. Raise it to 10,485,760 if the
    /// service accepts 10 MiB.
    /// </remarks>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
        if (MaxImageBytes <= 0)
        {
            errors.Add($"{section}:MaxImageBytes must be positive; got {MaxImageBytes.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
