using System;
using System.Collections.Generic;

namespace DocScan.Sdk.ClipImg;

/// <summary>Settings for <see cref="ClipImgClient"/> (configuration section <c>DocScan:ClipImg</c>).</summary>
/// <remarks>
/// Defaults: base address <c>https://www.clipimg.com</c>; 1 request per second and 20 per minute (the vendor's
/// documented quota); attempt timeout 60 s (the vendor advises at least 30 s); total timeout 3 minutes.
/// Strategies run in the order given on <see cref="DocScanClientOptions"/>.
/// </remarks>
public sealed class ClipImgClientOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://www.clipimg.com");

    /// <summary>Creates options with ClipImg's defaults.</summary>
    public ClipImgClientOptions()
    {
        BaseAddress = DefaultBaseAddress;
        RateLimit.PermitsPerSecond = 1;
        RateLimit.PermitsPerMinute = 20;
    }

    /// <summary>The API key sent as <c>X-API-Key</c> on every call. Required; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The default largest image sent, 20 MiB (20,971,520 bytes): the vendor documents no hard limit.</summary>
    public const long DefaultMaxImageBytes = 20 * 1024 * 1024;

    /// <summary>The largest image the client sends; a larger one fails with <see cref="DocScanErrorKind.InvalidRequest"/> before sending. Default <see cref="DefaultMaxImageBytes"/> (20 MiB).</summary>
    /// <remarks>The vendor documents no hard limit; it advises compressing to under 4 MB because large uploads are slow and may time out.</remarks>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
        if (MaxImageBytes <= 0)
        {
            errors.Add($"{section}:MaxImageBytes must be positive; got {MaxImageBytes}.");
        }
    }
}
