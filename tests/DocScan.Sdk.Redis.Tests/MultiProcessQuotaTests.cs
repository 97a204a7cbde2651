using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;

namespace DocScan.Sdk.Redis.Tests;

/// <summary>
/// Three separate processes hammer one ClipImg account, a second ClipImg account and processimage.cn for more than a
/// minute, sharing the quotas through Redis; the emulator stamps every arrival on loopback.
/// </summary>
public class MultiProcessQuotaTests(SharedRedis redis)
{
    private const string SecondKey = "clipimg-second-account";
    private const string WarmUpKey = "clipimg-warm-up";

    /// <summary>
    /// Sends the emulator a few requests from another key first: its first request compiles its request path, which
    /// would stamp that arrival late and make the spacing after it look short.
    /// </summary>
    private static async Task WarmUpAsync(DocScanEmulator emulator)
    {
        emulator.SetClipImgPoints(100, WarmUpKey);
        using var http = new System.Net.Http.HttpClient();
        for (int i = 0; i < 2; i++)
        {
            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, new Uri(emulator.ClipImgBaseAddress, "api/pic/scan"))
            {
                Content = new System.Net.Http.StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-API-Key", WarmUpKey);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            await Task.Delay(1100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Three_processes_keep_one_ClipImg_account_to_1_per_second_and_20_per_minute_and_processimage_to_2_per_second()
    {
        var ct = TestContext.Current.CancellationToken;

        // The emulator stamps arrivals in this process: no thread-pool ramp-up delay when nine connections open at once.
        System.Threading.ThreadPool.GetMinThreads(out int workers, out int io);
        System.Threading.ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        await using var emulator = await DocScanEmulator.StartAsync(new EmulatorOptions(), ct);
        emulator.SetClipImgPoints(100_000, SecondKey);
        await WarmUpAsync(emulator);
        var settings = new Dictionary<string, string>
        {
            ["redis"] = redis.Address,
            ["prefix"] = SharedRedis.NewPrefix(),
            ["seconds"] = "70",
            ["startAt"] = Workers.StartAt(),
            ["clipimg"] = emulator.ClipImgBaseAddress.ToString(),
            ["keyA"] = EmulatorCredentials.ClipImgApiKey,
            ["keyB"] = SecondKey,
            ["warmKey"] = WarmUpKey,
            ["processimage"] = emulator.ProcessImageBaseAddress.ToString(),
            ["appId"] = EmulatorCredentials.ProcessImageAppId,
            ["appSecret"] = EmulatorCredentials.ProcessImageAppSecret,
        };

        var results = await Workers.RunAsync(3, "quota", settings, TimeSpan.FromMinutes(3));

        Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.Output.Contains("done", StringComparison.Ordinal), r.Output));
        var log = emulator.Requests.All();
        var clip = log.Where(r => r.Vendor == EmulatorVendor.ClipImg && r.Path == "/api/pic/scan").ToList();
        var a = clip.Where(r => r.Header("X-API-Key") == EmulatorCredentials.ClipImgApiKey).Select(r => r.ReceivedAt).ToList();
        var b = clip.Where(r => r.Header("X-API-Key") == SecondKey).Select(r => r.ReceivedAt).ToList();
        var watermark = log.Where(r => r.Vendor == EmulatorVendor.ProcessImage && r.Path == "/watermark/access").Select(r => r.ReceivedAt).ToList();

        int a1 = Windows.MaxIn(a, TimeSpan.FromSeconds(1)), a60 = Windows.MaxIn(a, TimeSpan.FromSeconds(60));
        int b1 = Windows.MaxIn(b, TimeSpan.FromSeconds(1)), b60 = Windows.MaxIn(b, TimeSpan.FromSeconds(60));
        int p1 = Windows.MaxIn(watermark, TimeSpan.FromSeconds(1));
        var span = a.Max() - a.Min();
        string figures = $"ClipImg account A: {a.Count} arrivals over {span.TotalSeconds:0.0} s, max {a1} in any 1 s, max {a60} in any 60 s; " +
                         $"account B: {b.Count} arrivals, max {b1} in any 1 s, max {b60} in any 60 s; processimage.cn: {watermark.Count} arrivals, max {p1} in any 1 s; " +
                         $"throttled by the emulator: ClipImg {emulator.Counters.Throttled(EmulatorVendor.ClipImg)}, processimage.cn {emulator.Counters.Throttled(EmulatorVendor.ProcessImage)}";
        TestContext.Current.TestOutputHelper?.WriteLine(figures);
        TestContext.Current.TestOutputHelper?.WriteLine("A: " + string.Join(" ", a.OrderBy(t => t).Select(t => (t - a.Min()).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        TestContext.Current.TestOutputHelper?.WriteLine("B: " + string.Join(" ", b.OrderBy(t => t).Select(t => (t - b.Min()).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "docscan-redis-arrivals.txt"), figures + Environment.NewLine, ct);

        Assert.True(span > TimeSpan.FromSeconds(60), figures);
        Assert.True(a1 <= 1 && a60 <= 20, figures);
        Assert.True(b1 <= 1 && b60 <= 20, figures);
        Assert.True(p1 <= 2, figures);

        // The quota was used, not starved: 20 in the first minute and more after it, for each account alike.
        Assert.True(a60 == 20 && a.Count > 20, figures);
        Assert.True(b60 == 20 && b.Count > 20, figures);
        Assert.True(watermark.Count >= 2 * 60, figures);
        Assert.Equal(0, emulator.Counters.Throttled(EmulatorVendor.ClipImg));
        Assert.Equal(0, emulator.Counters.Throttled(EmulatorVendor.ProcessImage));
    }
}
