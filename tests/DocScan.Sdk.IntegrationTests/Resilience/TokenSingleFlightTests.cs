using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.Resilience;

/// <summary>
/// 50 callers start at once on a client with no token yet. The token endpoint is made slow (300 ms) so that every
/// caller is waiting while the first fetch is in flight; rate limits are off on both sides so that all 50 really
/// ask for credentials at the same time.
/// </summary>
public class TokenSingleFlightTests
{
    private const int Callers = 50;

    [Fact]
    public async Task Fifty_concurrent_ProcessImage_calls_in_token_mode_fetch_exactly_one_token()
    {
        await using var env = await EmulatedHost.StartAsync(
            emulator: o => o.ProcessImage.RequestsPerSecond = null,
            settings: emu => new Dictionary<string, string?>(EmulatedHost.ProcessImageTokenMode(emu))
            {
                ["DocScan:ProcessImage:RateLimit:Enabled"] = "false",
            });
        env.Emulator.Faults.Add(EmulatorVendor.ProcessImage, EmulatorFault.Hang(TimeSpan.FromMilliseconds(300)), path: "/emulator/processimage/token");

        var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i =>
            env.ProcessImage.RemoveWatermarkAsync(ImageInput.FromBytes(TestImages.Png(96, 96, seed: 100 + i)), null, EmulatedHost.Ct)));

        Assert.All(results, r => Assert.NotNull(r.ImageUrl));
        Assert.Equal(1, env.Emulator.Counters.ProcessImageTokenFetches);
        var calls = (await env.CompletedLogAsync(EmulatorVendor.ProcessImage)).Where(r => r.Path == "/watermark/access").ToList();
        Assert.Equal(Callers, calls.Count);
        Assert.Single(calls.Select(r => r.Header("x-access-api-token")).Distinct());
    }

    [Fact]
    public async Task Fifty_concurrent_Esign_calls_in_OAuth2_mode_fetch_exactly_one_token()
    {
        await using var env = await EmulatedHost.StartAsync(
            emulator: o => o.Esign.RequestsPerSecond = null,
            settings: _ => new Dictionary<string, string?>
            {
                ["DocScan:Esign:AuthMode"] = "OAuth2",
                ["DocScan:Esign:RateLimit:Enabled"] = "false",
            });
        env.Emulator.Faults.Add(EmulatorVendor.Esign, EmulatorFault.Hang(TimeSpan.FromMilliseconds(300)), path: "/v1/oauth2/access_token");

        var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i =>
            env.Esign.RecognizeTextAsync(ImageInput.FromBytes(TestImages.Png(96, 96, seed: 200 + i)), null, EmulatedHost.Ct)));

        Assert.All(results, r => Assert.NotEmpty(r.Lines));
        Assert.Equal(1, env.Emulator.Counters.EsignTokenFetches);
        Assert.Equal(0, env.Emulator.Counters.EsignTokenRefreshes);
        var calls = (await env.CompletedLogAsync(EmulatorVendor.Esign)).Where(r => r.Path.StartsWith("/v2/", StringComparison.Ordinal)).ToList();
        Assert.Equal(Callers, calls.Count);
        Assert.Single(calls.Select(r => r.Header("X-Tsign-Open-Token")).Distinct());
    }
}
