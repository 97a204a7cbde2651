using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;

namespace DocScan.Sdk.Redis.Tests;

/// <summary>Three processes share processimage.cn and e签宝 OAuth2 tokens through Redis: one fetch for all, one refresh for all.</summary>
public class MultiProcessTokenTests(SharedRedis redis)
{
    [Fact]
    public async Task Three_processes_fetch_one_token_and_refresh_it_once_for_processimage_and_esign()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new EmulatorOptions();

        // Tokens live 30 s and are replaced 20 s before expiry: the one refresh is due 10 s after the first fetch, the
        // next one 20 s after that, after the workers (20 s from a common start) have stopped. The run is long enough
        // for the refresh to fall inside it even when a busy machine delays the first fetch by several seconds.
        options.ProcessImage.TokenLifetime = TimeSpan.FromSeconds(30);
        options.Esign.TokenLifetime = TimeSpan.FromSeconds(30);
        await using var emulator = await DocScanEmulator.StartAsync(options, ct);
        var settings = new Dictionary<string, string>
        {
            ["redis"] = redis.Address,
            ["prefix"] = SharedRedis.NewPrefix(),
            ["seconds"] = "20",
            ["startAt"] = Workers.StartAt(),
            ["processimage"] = emulator.ProcessImageBaseAddress.ToString(),
            ["tokenUrl"] = emulator.ProcessImageTokenUrl.ToString(),
            ["appId"] = EmulatorCredentials.ProcessImageAppId,
            ["appSecret"] = EmulatorCredentials.ProcessImageAppSecret,
            ["lifetime"] = "30",
            ["refreshBefore"] = "20",
            ["esign"] = emulator.EsignBaseAddress.ToString(),
            ["esignAppId"] = EmulatorCredentials.EsignAppId,
            ["esignSecret"] = EmulatorCredentials.EsignAppSecret,
        };

        var results = await Workers.RunAsync(3, "tokens", settings, TimeSpan.FromMinutes(2));

        Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.Output.Contains("done", StringComparison.Ordinal), r.Output));
        string outputs = string.Join("\n---\n", results.Select(r => r.Output));
        Assert.All(results, r => Assert.True(r.Outcome("processimage.ok") > 0 && r.Outcome("esign.ok") > 0, outputs));
        var counters = emulator.Counters;
        string figures = $"processimage.cn token fetches {counters.ProcessImageTokenFetches}; e签宝 token fetches {counters.EsignTokenFetches}, refreshes {counters.EsignTokenRefreshes}";
        Assert.True(counters.ProcessImageTokenFetches == 2, figures + "\n" + outputs);
        Assert.True(counters.EsignTokenFetches == 1 && counters.EsignTokenRefreshes == 1, figures + "\n" + outputs);

        // Every call carried a token the vendor accepted: nothing was rejected and resent.
        Assert.DoesNotContain(emulator.Requests.All(), r => r.StatusCode == 401);
    }
}
