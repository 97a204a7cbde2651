using System;
using System.Collections.Generic;
using System.Linq;
using DocScan.Emulator;
using DocScan.Sdk;
using Microsoft.Extensions.Configuration;

namespace DocScan.Cli;

/// <summary>A vendor as the tool names it: its <c>--vendor</c> name, configuration section, credential keys and emulator stand-in.</summary>
internal sealed record Vendor(
    string Name,
    string Section,
    string DisplayName,
    string[] CredentialKeys,
    Func<DocScanOptions, DocScanClientOptions> Options,
    Func<DocScanEmulator, Dictionary<string, string>> EmulatorSettings)
{
    public static readonly Vendor ClipImg = new("clipimg", "ClipImg", "ClipImg", ["ApiKey"], o => o.ClipImg, e => new()
    {
        ["BaseAddress"] = e.ClipImgBaseAddress.ToString(),
        ["ApiKey"] = EmulatorCredentials.ClipImgApiKey,
    });

    public static readonly Vendor Qingyang = new("qingyang", "Qingyang", "Qingyang", ["ApiKey"], o => o.Qingyang, e => new()
    {
        ["BaseAddress"] = e.QingyangBaseAddress.ToString(),
        ["ApiKey"] = EmulatorCredentials.QingyangAuthKey,
    });

    public static readonly Vendor ProcessImage = new("processimage", "ProcessImage", "processimage.cn", ["AppId", "AppSecret"], o => o.ProcessImage, e => new()
    {
        ["BaseAddress"] = e.ProcessImageBaseAddress.ToString(),
        ["AppId"] = EmulatorCredentials.ProcessImageAppId,
        ["AppSecret"] = EmulatorCredentials.ProcessImageAppSecret,
    });

    public static readonly Vendor AliyunIqs = new("aliyun", "AliyunIqs", "Aliyun IQS", ["ApiKey"], o => o.AliyunIqs, e => new()
    {
        ["BaseAddress"] = e.AliyunIqsBaseAddress.ToString(),
        ["ApiKey"] = EmulatorCredentials.AliyunIqsApiKey,
    });

    public static readonly Vendor Esign = new("esign", "Esign", "e签宝", ["AppId", "AppSecret"], o => o.Esign, e => new()
    {
        ["BaseAddress"] = e.EsignBaseAddress.ToString(),
        ["AppId"] = EmulatorCredentials.EsignAppId,
        ["AppSecret"] = EmulatorCredentials.EsignAppSecret,
    });

    public static IReadOnlyList<Vendor> All { get; } = [ClipImg, Qingyang, ProcessImage, AliyunIqs, Esign];

    /// <summary>The configuration keys of the credentials, e.g. <c>DocScan:ClipImg:ApiKey</c>.</summary>
    public IEnumerable<string> CredentialSettings => CredentialKeys.Select(key => $"{DocScanOptions.SectionName}:{Section}:{key}");

    /// <summary>Whether every credential of the vendor has a value (a half-set pair is left to the options validation).</summary>
    public bool HasCredentials(IConfiguration configuration) => CredentialSettings.All(key => !string.IsNullOrWhiteSpace(configuration[key]));

    /// <summary>Whether any credential of the vendor has a value.</summary>
    public bool HasAnyCredential(IConfiguration configuration) => CredentialSettings.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    /// <summary>The variables of <see cref="CredentialSettings"/>, as a shell sets them (<c>DocScan__ClipImg__ApiKey</c>).</summary>
    public string EnvironmentNames => string.Join(" and ", CredentialSettings.Select(key => key.Replace(":", "__", StringComparison.Ordinal)));
}
