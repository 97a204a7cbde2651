using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.Resilience;

/// <summary>Permanent failures (bad request, no points left, the day's quota used up) reach the vendor exactly once.</summary>
public class SentOnceTests
{
    [Fact]
    public async Task ClipImg_code_400_is_sent_once_and_surfaces_as_an_invalid_request()
    {
        await using var env = await EmulatedHost.StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.ClipImg, EmulatorFault.VendorError(EmulatorVendor.ClipImg, "400"), count: 5);

        var e = await Assert.ThrowsAsync<DocScanException>(
            () => env.ClipImg.ScanAsync(ImageInput.FromBytes(TestImages.Png(seed: 30)), null, EmulatedHost.Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal("400", e.VendorCode);
        Assert.False(e.IsTransient);
        Assert.Equal(1, e.Attempts);
        Assert.Single(await env.CompletedLogAsync(EmulatorVendor.ClipImg));
    }

    [Fact]
    public async Task ClipImg_download_without_points_answers_402_once_and_surfaces_as_insufficient_quota()
    {
        await using var env = await EmulatedHost.StartAsync();
        var scan = await env.ClipImg.ScanAsync(ImageInput.FromBytes(TestImages.Png(seed: 31)), null, EmulatedHost.Ct);
        env.Emulator.SetClipImgPoints(0);

        var e = await Assert.ThrowsAsync<DocScanException>(() => env.ClipImg.DownloadAsync(scan.File.Name, System.IO.Stream.Null, EmulatedHost.Ct));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Equal("402", e.VendorCode);
        Assert.Equal(1, e.Attempts);
        var downloads = (await env.CompletedLogAsync(EmulatorVendor.ClipImg)).Where(r => r.Path.StartsWith("/api/pic/scan/download/", System.StringComparison.Ordinal)).ToList();
        var only = Assert.Single(downloads);
        Assert.Equal("402", only.VendorCode);
    }

    [Fact]
    public async Task Aliyun_trial_daily_quota_429_is_sent_once_although_it_is_a_429()
    {
        await using var env = await EmulatedHost.StartAsync(
            emulator: o => o.AliyunIqs.TrialDailyLimit = 1,
            settings: _ => new Dictionary<string, string?> { ["DocScan:AliyunIqs:ApiKey"] = EmulatorCredentials.AliyunIqsTrialApiKey });
        await env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(seed: 32)), null, EmulatedHost.Ct);

        var e = await Assert.ThrowsAsync<DocScanException>(
            () => env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(seed: 33)), null, EmulatedHost.Ct));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Equal("Retrieval.TestUserQueryExceeded", e.VendorCode);
        Assert.Equal(429, e.HttpStatus);
        Assert.Equal(1, e.Attempts);
        var log = await env.CompletedLogAsync(EmulatorVendor.AliyunIqs);
        Assert.Equal(2, log.Count);
        Assert.Equal((429, "Retrieval.TestUserQueryExceeded"), (log[1].StatusCode, log[1].VendorCode));
    }
}
