using System;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;

namespace DocScan.Cli.Tests;

/// <summary>The progress bar's ETA knows the vendor's quota before the run has shown anything.</summary>
public class EtaTests
{
    [Fact]
    public void A_hundred_ClipImg_scans_wait_a_minute_for_every_twenty_calls()
    {
        var quota = new ClipImgClientOptions().RateLimit; // 1/s and 20/min, as documented

        // Scan + download: 200 calls. Nine full windows of 20 (9 minutes), then the last 20 calls at 1/s (19 s after the first).
        Assert.Equal(TimeSpan.FromSeconds((9 * 60) + 19), Eta.Estimate(quota, remainingFiles: 100, callsPerFile: 2, finishedFiles: 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_few_ClipImg_scans_within_one_minute_go_at_one_a_second()
    {
        var quota = new ClipImgClientOptions().RateLimit;

        Assert.Equal(TimeSpan.FromSeconds(5), Eta.FromQuota(quota, calls: 6));
    }

    [Fact]
    public void A_run_slower_than_the_quota_is_estimated_by_what_it_has_shown()
    {
        var quota = new EsignClientOptions().RateLimit; // 50/s: the quota alone says well under a second

        TimeSpan eta = Eta.Estimate(quota, remainingFiles: 10, callsPerFile: 1, finishedFiles: 5, TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(20), eta);
    }

    [Fact]
    public void A_quota_switched_off_adds_nothing()
    {
        var quota = new ClipImgClientOptions().RateLimit;
        quota.Enabled = false;

        Assert.Equal(TimeSpan.Zero, Eta.FromQuota(quota, 200));
    }
}
