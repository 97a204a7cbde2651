using System;
using System.Collections.Generic;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>Settings for the Aliyun IQS ScanFile client (configuration section <c>DocScan:AliyunIqs</c>).</summary>
public sealed class AliyunIqsOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://cloud-iqs.aliyuncs.com");

    /// <summary>Creates options with the vendor's defaults.</summary>
    public AliyunIqsOptions()
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
