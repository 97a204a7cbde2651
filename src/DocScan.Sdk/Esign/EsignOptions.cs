using System;
using System.Collections.Generic;

namespace DocScan.Sdk.Esign;

/// <summary>Settings for the e签宝 general OCR client (configuration section <c>DocScan:Esign</c>).</summary>
public sealed class EsignOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://openapi.esign.cn");

    /// <summary>Creates options with the vendor's defaults.</summary>
    public EsignOptions()
    {
        BaseAddress = DefaultBaseAddress;
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
