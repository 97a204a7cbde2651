using System.Collections.Generic;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk;

/// <summary>Settings for every DocScan client; bound from the <c>DocScan</c> configuration section, one sub-section per vendor.</summary>
/// <remarks>
/// Keys are the same words for every vendor: <c>DocScan:&lt;Vendor&gt;:BaseAddress</c>, then <c>ApiKey</c> or
/// <c>AppId</c> + <c>AppSecret</c>, then the shared timeout, retry and rate-limit keys. A vendor with no
/// credentials still resolves; its first call fails with <see cref="DocScanErrorKind.Authentication"/>.
/// </remarks>
public sealed class DocScanOptions
{
    /// <summary>The configuration section name, <c>DocScan</c>.</summary>
    public const string SectionName = "DocScan";

    /// <summary>ClipImg 可立图 (<c>DocScan:ClipImg</c>).</summary>
    public ClipImgClientOptions ClipImg { get; set; } = new();

    /// <summary>Qingyang 青阳智创 (<c>DocScan:Qingyang</c>).</summary>
    public QingyangClientOptions Qingyang { get; set; } = new();

    /// <summary>processimage.cn (<c>DocScan:ProcessImage</c>).</summary>
    public ProcessImageClientOptions ProcessImage { get; set; } = new();

    /// <summary>Aliyun IQS (<c>DocScan:AliyunIqs</c>).</summary>
    public AliyunIqsClientOptions AliyunIqs { get; set; } = new();

    /// <summary>e签宝 (<c>DocScan:Esign</c>).</summary>
    public EsignClientOptions Esign { get; set; } = new();

    /// <summary>Every problem of every vendor section.</summary>
    internal List<string> Validate()
    {
        var errors = new List<string>();
        ClipImg.Validate(SectionName + ":ClipImg", errors);
        Qingyang.Validate(SectionName + ":Qingyang", errors);
        ProcessImage.Validate(SectionName + ":ProcessImage", errors);
        AliyunIqs.Validate(SectionName + ":AliyunIqs", errors);
        Esign.Validate(SectionName + ":Esign", errors);
        return errors;
    }
}
