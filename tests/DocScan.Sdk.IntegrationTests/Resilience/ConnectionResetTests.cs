using System.Collections.Generic;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.Resilience;

/// <summary>
/// A connection reset after the body was sent is ambiguous: the vendor may have processed (and charged) it.
/// Charged operations are not retried by default; free ones are.
/// </summary>
public class ConnectionResetTests
{
    [Theory]
    [InlineData(EmulatorVendor.Qingyang)]
    [InlineData(EmulatorVendor.AliyunIqs)]
    [InlineData(EmulatorVendor.Esign)]
    public async Task A_reset_connection_on_a_charged_call_is_sent_once_and_surfaces_as_a_network_error(EmulatorVendor vendor)
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(vendor, EmulatorFault.Reset());

        var e = await Assert.ThrowsAsync<DocScanException>(() => CallAsync(env, vendor, seed: 40));

        Assert.Equal(DocScanErrorKind.Network, e.Kind);
        Assert.Equal(1, e.Attempts);
        var request = Assert.Single(await env.CompletedLogAsync(vendor), r => !r.Path.StartsWith("/v1/oauth2/", System.StringComparison.Ordinal));
        Assert.Equal("reset", request.InjectedFault);
        Assert.True(request.BodyBytes > 0, "the body was sent before the reset");
    }

    [Fact]
    public async Task A_reset_connection_on_a_charged_call_is_retried_when_the_caller_opts_in()
    {
        await using var env = await EmulatedHost.StartAsync(settings: _ => new Dictionary<string, string?> { ["DocScan:Qingyang:Retry:RetryAmbiguousFailures"] = "true" });
        env.Emulator.Faults.Add(EmulatorVendor.Qingyang, EmulatorFault.Reset());

        var result = await env.Qingyang.RecognizeAsync(ImageInput.FromBytes(TestImages.Png(seed: 41)), null, EmulatedHost.Ct);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, (await env.CompletedLogAsync(EmulatorVendor.Qingyang)).Count);
    }

    [Fact]
    public async Task A_reset_connection_on_a_free_ClipImg_scan_is_retried_and_the_scan_succeeds()
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.ClipImg, EmulatorFault.Reset());

        var result = await env.ClipImg.ScanAsync(ImageInput.FromBytes(TestImages.Png(seed: 42)), null, EmulatedHost.Ct);

        Assert.Equal(2, result.Attempts);
        var log = await env.CompletedLogAsync(EmulatorVendor.ClipImg);
        Assert.Equal(2, log.Count);
        Assert.Equal("reset", log[0].InjectedFault);
        Assert.Equal(200, log[1].StatusCode);
    }

    private static Task CallAsync(EmulatedHost env, EmulatorVendor vendor, int seed)
    {
        var image = ImageInput.FromBytes(TestImages.Png(seed: seed));
        return vendor switch
        {
            EmulatorVendor.Qingyang => env.Qingyang.RecognizeAsync(image, null, EmulatedHost.Ct),
            EmulatorVendor.AliyunIqs => env.AliyunIqs.ScanFileAsync(image, null, EmulatedHost.Ct),
            EmulatorVendor.Esign => env.Esign.RecognizeTextAsync(image, null, EmulatedHost.Ct),
            _ => throw new System.ArgumentOutOfRangeException(nameof(vendor)),
        };
    }
}
