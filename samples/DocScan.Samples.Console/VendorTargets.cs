using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using Microsoft.Extensions.Configuration;

namespace DocScan.Samples;

/// <summary>Decides, vendor by vendor, whether the sample calls the real service or the embedded emulator.</summary>
internal static class VendorTargets
{
    /// <summary>The vendors, by configuration section name, with the keys that hold their credentials.</summary>
    private static readonly (string Section, string[] CredentialKeys)[] Vendors =
    [
        ("ClipImg", ["ApiKey"]),
        ("Qingyang", ["ApiKey"]),
        ("ProcessImage", ["AppId", "AppSecret"]),
        ("AliyunIqs", ["ApiKey"]),
        ("Esign", ["AppId", "AppSecret"]),
    ];

    /// <summary>
    /// The vendors with no credential at all under <paramref name="docScan"/>. A vendor with any credential is
    /// called for real (at its configured <c>BaseAddress</c>, else its production host); a half-configured pair
    /// (an AppId without its AppSecret) is left to the options validation to report.
    /// </summary>
    public static IReadOnlyList<string> WithoutCredentials(IConfiguration docScan)
        => Vendors
            .Where(v => v.CredentialKeys.All(key => string.IsNullOrWhiteSpace(docScan[$"{v.Section}:{key}"])))
            .Select(v => v.Section)
            .ToList();

    /// <summary>
    /// Whether <paramref name="baseAddress"/> is a DocScan emulator started on its own (<c>dotnet run --project
    /// src/DocScan.Emulator</c>) rather than the service: only loopback addresses are asked, at the emulator's
    /// <c>GET /_emulator</c>, which no vendor serves.
    /// </summary>
    public static async Task<bool> IsEmulatorAsync(Uri? baseAddress, CancellationToken cancellationToken)
    {
        if (baseAddress is null || !baseAddress.IsLoopback)
        {
            return false;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(new Uri(baseAddress, "_emulator"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false; // nothing listening (yet): the call itself will say so
        }
    }

    /// <summary>Configuration that points <paramref name="vendors"/> at <paramref name="emulator"/> with its test credentials.</summary>
    public static Dictionary<string, string?> EmulatorSettings(DocScanEmulator emulator, IEnumerable<string> vendors)
    {
        var settings = new Dictionary<string, string?>();
        foreach (string vendor in vendors)
        {
            string prefix = "DocScan:" + vendor + ":";
            switch (vendor)
            {
                case "ClipImg":
                    settings[prefix + "BaseAddress"] = emulator.ClipImgBaseAddress.ToString();
                    settings[prefix + "ApiKey"] = EmulatorCredentials.ClipImgApiKey;
                    break;
                case "Qingyang":
                    settings[prefix + "BaseAddress"] = emulator.QingyangBaseAddress.ToString();
                    settings[prefix + "ApiKey"] = EmulatorCredentials.QingyangAuthKey;
                    break;
                case "ProcessImage":
                    settings[prefix + "BaseAddress"] = emulator.ProcessImageBaseAddress.ToString();
                    settings[prefix + "AppId"] = EmulatorCredentials.ProcessImageAppId;
                    settings[prefix + "AppSecret"] = EmulatorCredentials.ProcessImageAppSecret;
                    break;
                case "AliyunIqs":
                    settings[prefix + "BaseAddress"] = emulator.AliyunIqsBaseAddress.ToString();
                    settings[prefix + "ApiKey"] = EmulatorCredentials.AliyunIqsApiKey;
                    break;
                case "Esign":
                    settings[prefix + "BaseAddress"] = emulator.EsignBaseAddress.ToString();
                    settings[prefix + "AppId"] = EmulatorCredentials.EsignAppId;
                    settings[prefix + "AppSecret"] = EmulatorCredentials.EsignAppSecret;
                    break;
                default:
                    throw new ArgumentException($"Unknown vendor section '{vendor}'.", nameof(vendors));
            }
        }

        return settings;
    }
}
