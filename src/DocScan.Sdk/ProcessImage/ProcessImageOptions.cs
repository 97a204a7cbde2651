using System;
using System.Collections.Generic;

namespace DocScan.Sdk.ProcessImage;

/// <summary>Settings for the processimage.cn watermark removal client (configuration section <c>DocScan:ProcessImage</c>).</summary>
public sealed class ProcessImageOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://www.processimage.cn");

    /// <summary>Creates options with the vendor's defaults.</summary>
    public ProcessImageOptions()
    {
        BaseAddress = DefaultBaseAddress;
        RateLimit.PermitsPerSecond = 2;
    }

    /// <summary>The app id. Required for calls.</summary>
    public string? AppId { get; set; }

    /// <summary>The app secret. Required for calls; never sent, never logged.</summary>
    public string? AppSecret { get; set; }

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
        ValidatePair(section, nameof(AppId), AppId, nameof(AppSecret), AppSecret, errors);
    }
}
