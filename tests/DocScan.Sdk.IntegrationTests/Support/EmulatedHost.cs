using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.IntegrationTests.Support;

/// <summary>
/// One embedded emulator and one real host whose <c>DocScan</c> configuration points every vendor at it, the way an
/// application would configure the SDK (in-memory configuration, <c>AddDocScanClients(section)</c>, host started so
/// options are validated). Each test makes its own, so request logs, counters, quotas and faults never mix.
/// </summary>
internal sealed class EmulatedHost : IAsyncDisposable
{
    /// <summary>Backoff used by every test host: short, so that retries do not slow the suite; the retry decisions do not depend on it.</summary>
    public const string RetryBaseDelay = "00:00:00.050";

    private EmulatedHost(DocScanEmulator emulator, IHost host)
    {
        Emulator = emulator;
        Host = host;
    }

    public DocScanEmulator Emulator { get; }

    public IHost Host { get; }

    public IClipImgClient ClipImg => Host.Services.GetRequiredService<IClipImgClient>();

    public IQingyangClient Qingyang => Host.Services.GetRequiredService<IQingyangClient>();

    public IProcessImageClient ProcessImage => Host.Services.GetRequiredService<IProcessImageClient>();

    public IAliyunIqsClient AliyunIqs => Host.Services.GetRequiredService<IAliyunIqsClient>();

    public IEsignClient Esign => Host.Services.GetRequiredService<IEsignClient>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts an emulator, then a host configured for it.</summary>
    /// <param name="emulator">Changes the emulator's options (quotas, limits) before it starts.</param>
    /// <param name="settings">Extra or overriding <c>DocScan:…</c> keys; a <see langword="null"/> value removes a key. Built with the emulator's addresses.</param>
    /// <param name="clients">Changes the vendors' HttpClients (for example the primary handler).</param>
    public static async Task<EmulatedHost> StartAsync(
        Action<EmulatorOptions>? emulator = null,
        Func<DocScanEmulator, Dictionary<string, string?>>? settings = null,
        Action<DocScanClientsBuilder>? clients = null)
    {
        var options = new EmulatorOptions();
        emulator?.Invoke(options);
        var emu = await DocScanEmulator.StartAsync(options, Ct);
        try
        {
            var values = BaseSettings(emu);
            if (settings is not null)
            {
                foreach (var (key, value) in settings(emu))
                {
                    if (value is null)
                    {
                        values.Remove(key);
                    }
                    else
                    {
                        values[key] = value;
                    }
                }
            }

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.ClearProviders();
            var registered = builder.Services.AddDocScanClients(builder.Configuration.GetSection("DocScan"));
            clients?.Invoke(registered);
            var host = builder.Build();
            await host.StartAsync(Ct);
            return new EmulatedHost(emu, host);
        }
        catch
        {
            await emu.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every vendor on the emulator with its credentials, defaults otherwise (quotas on), but a short retry backoff.</summary>
    private static Dictionary<string, string?> BaseSettings(DocScanEmulator emu)
    {
        var values = new Dictionary<string, string?>
        {
            ["DocScan:ClipImg:BaseAddress"] = emu.ClipImgBaseAddress.ToString(),
            ["DocScan:ClipImg:ApiKey"] = EmulatorCredentials.ClipImgApiKey,
            ["DocScan:Qingyang:BaseAddress"] = emu.QingyangBaseAddress.ToString(),
            ["DocScan:Qingyang:ApiKey"] = EmulatorCredentials.QingyangAuthKey,
            ["DocScan:ProcessImage:BaseAddress"] = emu.ProcessImageBaseAddress.ToString(),
            ["DocScan:ProcessImage:AppId"] = EmulatorCredentials.ProcessImageAppId,
            ["DocScan:ProcessImage:AppSecret"] = EmulatorCredentials.ProcessImageAppSecret,
            ["DocScan:AliyunIqs:BaseAddress"] = emu.AliyunIqsBaseAddress.ToString(),
            ["DocScan:AliyunIqs:ApiKey"] = EmulatorCredentials.AliyunIqsApiKey,
            ["DocScan:Esign:BaseAddress"] = emu.EsignBaseAddress.ToString(),
            ["DocScan:Esign:AppId"] = EmulatorCredentials.EsignAppId,
            ["DocScan:Esign:AppSecret"] = EmulatorCredentials.EsignAppSecret,
        };
        foreach (var vendor in Vendors)
        {
            values[$"DocScan:{vendor}:Retry:BaseDelay"] = RetryBaseDelay;
            values[$"DocScan:{vendor}:Retry:MaxDelay"] = "00:00:00.200";
        }

        return values;
    }

    public static readonly string[] Vendors = ["ClipImg", "Qingyang", "ProcessImage", "AliyunIqs", "Esign"];

    /// <summary>Settings for processimage.cn token mode with the emulator's token endpoint.</summary>
    public static Dictionary<string, string?> ProcessImageTokenMode(DocScanEmulator emu) => new()
    {
        ["DocScan:ProcessImage:AuthMode"] = "Token",
        ["DocScan:ProcessImage:TokenEndpoint"] = emu.ProcessImageTokenUrl.ToString(),
    };

    /// <summary>
    /// The emulator's log of a vendor once every entry is complete. The emulator completes an entry just after it
    /// has answered (or reset the connection), so a client can hold its answer a moment before the log says so.
    /// </summary>
    public async Task<IReadOnlyList<EmulatorRequest>> CompletedLogAsync(EmulatorVendor vendor)
    {
        await WaitUntilAsync(() => Emulator.Requests.Of(vendor).All(r => r.Completed));
        return Emulator.Requests.Of(vendor);
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms for up to 10 s.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the condition did not become true within 10 s");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>A duration as a configuration value.</summary>
    public static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(CancellationToken.None);
        }
        finally
        {
            Host.Dispose();
            await Emulator.DisposeAsync();
        }
    }
}
