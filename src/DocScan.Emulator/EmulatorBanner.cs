using System;
using System.IO;

namespace DocScan.Emulator;

/// <summary>
/// What a foreground emulator prints: the variables that point an app at it, quoted for the user's shell. Shared by
/// <c>dotnet run --project src/DocScan.Emulator</c> and <c>docscan emulator</c>, so both print the same lines.
/// </summary>
internal static class EmulatorBanner
{
    /// <summary>Writes the banner: how to stop, the variables as <c>export</c> (or <c>$env:</c>) lines, the extra endpoints.</summary>
    public static void Write(TextWriter writer, DocScanEmulator emulator, bool powerShell)
    {
        writer.WriteLine("DocScan emulator is running (Ctrl+C stops it).");
        writer.WriteLine($"Paste these lines into the {(powerShell ? "PowerShell" : "bash/zsh")} session that runs your app or a sample:");
        writer.WriteLine();
        (string Name, string Value)[] variables =
        [
            ("DocScan__ClipImg__BaseAddress", emulator.ClipImgBaseAddress.ToString()),
            ("DocScan__ClipImg__ApiKey", EmulatorCredentials.ClipImgApiKey),
            ("DocScan__Qingyang__BaseAddress", emulator.QingyangBaseAddress.ToString()),
            ("DocScan__Qingyang__ApiKey", EmulatorCredentials.QingyangAuthKey),
            ("DocScan__ProcessImage__BaseAddress", emulator.ProcessImageBaseAddress.ToString()),
            ("DocScan__ProcessImage__AppId", EmulatorCredentials.ProcessImageAppId),
            ("DocScan__ProcessImage__AppSecret", EmulatorCredentials.ProcessImageAppSecret),
            ("DocScan__AliyunIqs__BaseAddress", emulator.AliyunIqsBaseAddress.ToString()),
            ("DocScan__AliyunIqs__ApiKey", EmulatorCredentials.AliyunIqsApiKey),
            ("DocScan__Esign__BaseAddress", emulator.EsignBaseAddress.ToString()),
            ("DocScan__Esign__AppId", EmulatorCredentials.EsignAppId),
            ("DocScan__Esign__AppSecret", EmulatorCredentials.EsignAppSecret),
        ];
        foreach (var (name, value) in variables)
        {
            // Single quotes take every character literally in both shells; only the quote itself needs escaping.
            writer.WriteLine(powerShell
                ? $"$env:{name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'"
                : $"export {name}='{value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        }

        writer.WriteLine();
        writer.WriteLine($"processimage.cn token endpoint: POST {emulator.ProcessImageTokenUrl}");
        writer.WriteLine($"request log: GET {emulator.ClipImgBaseAddress}_emulator/requests   faults: POST .../_emulator/faults (see docs/emulator.md)");
    }
}
