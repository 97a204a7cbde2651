using System;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.Resilience;

public class RateLimitTests
{
    /// <summary>
    /// How much earlier than 1 s after the previous one a request may be logged. The SDK spaces the moments it
    /// sends by 1 s plus its 50 ms safety margin; the emulator stamps a request when Kestrel has parsed its headers,
    /// so the measured gap is the send gap plus the difference of two loopback delivery-and-scheduling delays. Those
    /// are a few milliseconds, but on a loaded shared 2-core machine one of them can be tens of milliseconds late:
    /// the margin exists to absorb exactly that, so the assertion allows it (50 ms) and no more.
    /// </summary>
    internal static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Twenty_concurrent_ClipImg_scans_reach_the_emulator_at_most_once_per_second_and_none_is_throttled()
    {
        // Compile this process's code paths (the SDK's and the emulator's) on a throwaway emulator first: in a cold
        // process the very first request spends ~100 ms in just-in-time compilation on both sides, which a vendor's
        // warm server never shows. The measured client still opens its own new connection for its first scan.
        await using (var warm = await EmulatedHost.StartAsync())
        {
            await warm.ClipImg.ScanAsync(ImageInput.FromBytes(TestImages.Png(64, 64)), null, EmulatedHost.Ct);
        }

        await using var env = await EmulatedHost.StartAsync();
        var image = TestImages.Png(320, 240, seed: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            env.ClipImg.ScanAsync(ImageInput.FromBytes(image), null, EmulatedHost.Ct)));

        Assert.All(results, r => Assert.Equal(1, r.Attempts));
        Assert.Equal(0, env.Emulator.Counters.Throttled(EmulatorVendor.ClipImg));
        var arrivals = (await env.CompletedLogAsync(EmulatorVendor.ClipImg)).Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(20, arrivals.Count);
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).ToList();
        var smallest = gaps.Min();
        TestContext.Current.TestOutputHelper?.WriteLine($"smallest gap {smallest.TotalMilliseconds:0.0} ms, largest {gaps.Max().TotalMilliseconds:0.0} ms");
        Assert.True(
            smallest >= TimeSpan.FromSeconds(1) - ArrivalJitter,
            $"two scans arrived {smallest.TotalMilliseconds:0} ms apart; gaps: {string.Join(", ", gaps.Select(g => g.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms");

        // Over the whole run: 20 requests take at least 19 s, and the SDK did not dawdle either.
        var span = arrivals[^1] - arrivals[0];
        Assert.InRange(span.TotalSeconds, 19 - ArrivalJitter.TotalSeconds, 19 * (1 + new ClipImgClientOptions().RateLimit.SafetyMargin.TotalSeconds) + 2);
    }
}
