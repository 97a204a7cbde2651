using System;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.Resilience;

/// <summary>Failures the vendors document as "not processed, not charged" are retried until the call succeeds; the emulator's log counts the attempts.</summary>
public class RecoveryTests
{
    [Fact]
    public async Task ClipImg_code_509_twice_is_retried_and_the_third_attempt_scans()
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.ClipImg, EmulatorFault.VendorError(EmulatorVendor.ClipImg, "509"), count: 2);

        var result = await env.ClipImg.ScanAsync(ImageInput.FromBytes(TestImages.Png(seed: 20)), null, EmulatedHost.Ct);

        Assert.Equal(3, result.Attempts);
        var log = await env.CompletedLogAsync(EmulatorVendor.ClipImg);
        Assert.Equal(3, log.Count);
        Assert.Equal(["509", "509"], log.Take(2).Select(r => r.VendorCode));
        Assert.Equal(509, log[0].StatusCode);
        Assert.Equal(200, log[2].StatusCode);
        Assert.All(log, r => Assert.Equal("/api/pic/scan", r.Path));
    }

    [Fact]
    public async Task ProcessImage_status_52003_twice_is_retried_and_the_third_attempt_removes_the_watermark()
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.ProcessImage, EmulatorFault.VendorError(EmulatorVendor.ProcessImage, "52003"), count: 2);

        var result = await env.ProcessImage.RemoveWatermarkAsync(ImageInput.FromBytes(TestImages.Png(seed: 21)), null, EmulatedHost.Ct);

        Assert.Equal(3, result.Attempts);
        Assert.NotNull(result.ImageUrl);
        var log = await env.CompletedLogAsync(EmulatorVendor.ProcessImage);
        Assert.Equal(3, log.Count);
        Assert.Equal(["52003", "52003"], log.Take(2).Select(r => r.VendorCode));
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.ProcessImage));
    }

    [Fact]
    public async Task Aliyun_throttling_429_twice_is_retried_and_the_third_attempt_is_charged_once()
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.AliyunIqs, EmulatorFault.Throttled(EmulatorVendor.AliyunIqs), count: 2);

        var result = await env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(seed: 22)), null, EmulatedHost.Ct);

        Assert.Equal(3, result.Attempts);
        Assert.Single(result.Pages);
        var log = await env.CompletedLogAsync(EmulatorVendor.AliyunIqs);
        Assert.Equal(3, log.Count);
        Assert.All(log.Take(2), r => Assert.Equal((429, "Retrieval.Throttling.User"), (r.StatusCode, r.VendorCode)));
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.AliyunIqs));
    }

    [Fact]
    public async Task Aliyun_throttling_with_retry_after_waits_that_long_before_the_retry()
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.AliyunIqs, EmulatorFault.Throttled(EmulatorVendor.AliyunIqs, TimeSpan.FromSeconds(1)));

        var result = await env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(seed: 23)), null, EmulatedHost.Ct);

        Assert.Equal(2, result.Attempts);
        var log = await env.CompletedLogAsync(EmulatorVendor.AliyunIqs);
        Assert.Equal(2, log.Count);

        // The backoff alone is 50-200 ms; the gap shows the 1 s Retry-After was honoured (the clock is the same machine's).
        var gap = log[1].ReceivedAt - log[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"retried after {gap.TotalMilliseconds:0} ms");
    }
}
