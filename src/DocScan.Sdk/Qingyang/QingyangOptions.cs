using System;
using System.Collections.Generic;

namespace DocScan.Sdk.Qingyang;

/// <summary>Settings for the Qingyang 青阳智创 certificate OCR client (configuration section <c>DocScan:Qingyang</c>).</summary>
public sealed class QingyangOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.qingyangzhichuang.com");

    /// <summary>Creates options with the vendor's defaults.</summary>
    public QingyangOptions()
    {
        BaseAddress = DefaultBaseAddress;
    }

    /// <summary>The API key. Required for calls; never logged.</summary>
    public string? ApiKey { get; set; }

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
    }
}
