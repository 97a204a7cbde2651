using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Qingyang;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.Tests.Core;

/// <summary>Options the pipeline cannot run with are refused up front, in the combined list, naming the key.</summary>
public class OptionsValidationTests
{
    public static TheoryData<string, Action<ClipImgClientOptions>, string> Invalid() => new()
    {
        { "AttemptTimeout under 10 ms", o => o.AttemptTimeout = TimeSpan.FromMilliseconds(5), "DocScan:ClipImg:AttemptTimeout must be between 10 ms and 24 hours; got 5 ms" },
        { "TotalTimeout over a day", o => o.TotalTimeout = TimeSpan.FromDays(2), "DocScan:ClipImg:TotalTimeout must be between 10 ms and 24 hours; got 2.00:00:00" },
        { "infinite TotalTimeout", o => o.TotalTimeout = Timeout.InfiniteTimeSpan, "DocScan:ClipImg:TotalTimeout must be between 10 ms and 24 hours; got infinite (Timeout.InfiniteTimeSpan)" },
        { "BaseDelay over a day", o => { o.Retry.BaseDelay = TimeSpan.FromDays(2); o.Retry.MaxDelay = TimeSpan.FromDays(3); }, "DocScan:ClipImg:Retry:BaseDelay must be between 0 and 24 hours" },
        { "MaxDelay over a day", o => o.Retry.MaxDelay = TimeSpan.FromHours(25), "DocScan:ClipImg:Retry:MaxDelay must be between 0 and 24 hours" },
        { "MaxRetryAfter at TimeSpan.MaxValue", o => o.Retry.MaxRetryAfter = TimeSpan.MaxValue, "DocScan:ClipImg:Retry:MaxRetryAfter must be between 0 and 24 hours; got TimeSpan.MaxValue" },
        { "SafetyMargin at TimeSpan.MaxValue", o => o.RateLimit.SafetyMargin = TimeSpan.MaxValue, "DocScan:ClipImg:RateLimit:SafetyMargin must be between 0 and 1 minute; got TimeSpan.MaxValue" },
        { "ResponseReadTimeout of zero", o => o.ResponseReadTimeout = TimeSpan.Zero, "DocScan:ClipImg:ResponseReadTimeout must be between 10 ms and 24 hours" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_client_refuses_options_the_pipeline_cannot_run_with(string because, Action<ClipImgClientOptions> configure, string expected)
    {
        var options = new ClipImgClientOptions { ApiKey = "k" };
        configure(options);

        var e = Assert.Throws<ArgumentException>(() => new ClipImgClient(options).Dispose());

        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), because + ": " + e.Message);
        Assert.DoesNotContain("-00:00:00.001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bounds_themselves_are_accepted()
    {
        var options = new ClipImgClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromMilliseconds(10), TotalTimeout = TimeSpan.FromDays(1), ResponseReadTimeout = TimeSpan.FromDays(1) };
        options.Retry.BaseDelay = TimeSpan.FromDays(1);
        options.Retry.MaxDelay = TimeSpan.FromDays(1);
        options.Retry.MaxRetryAfter = TimeSpan.FromDays(1);
        options.RateLimit.SafetyMargin = TimeSpan.FromMinutes(1);

        new ClipImgClient(options).Dispose();
    }

    [Fact]
    public void An_invalid_scheme_is_reported_with_the_host_only_never_the_user_info()
    {
        var options = new ClipImgClientOptions { ApiKey = "k", BaseAddress = new Uri("ftp://user:hunter2@files.example.com/path?key=secret") };

        var e = Assert.Throws<ArgumentException>(() => new ClipImgClient(options).Dispose());

        Assert.Contains("DocScan:ClipImg:BaseAddress", e.Message, StringComparison.Ordinal);
        Assert.Contains("files.example.com", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("user", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_start_up_lists_every_out_of_bounds_option_in_one_exception()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DocScan:ClipImg:AttemptTimeout"] = "00:00:00.005",
            ["DocScan:Qingyang:TotalTimeout"] = "2.00:00:00",
            ["DocScan:Qingyang:AttemptTimeout"] = "00:00:10",
            ["DocScan:Esign:RateLimit:SafetyMargin"] = TimeSpan.MaxValue.ToString(),
            ["DocScan:AliyunIqs:Retry:MaxDelay"] = "3.00:00:00",
        });
        builder.Services.AddDocScanClients(builder.Configuration.GetSection("DocScan"));
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(e.Failures, f => f.StartsWith("DocScan:ClipImg:AttemptTimeout must be between 10 ms and 24 hours", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("DocScan:Qingyang:TotalTimeout must be between 10 ms and 24 hours", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("DocScan:Esign:RateLimit:SafetyMargin must be between 0 and 1 minute", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("DocScan:AliyunIqs:Retry:MaxDelay must be between 0 and 24 hours", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_of_one_client_is_in_one_message()
    {
        var options = new QingyangClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromMilliseconds(1), TotalTimeout = Timeout.InfiniteTimeSpan };
        options.RateLimit.SafetyMargin = TimeSpan.MaxValue;

        var e = Assert.Throws<ArgumentException>(() => new QingyangClient(options).Dispose());

        Assert.Contains("DocScan:Qingyang:AttemptTimeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("DocScan:Qingyang:TotalTimeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("DocScan:Qingyang:RateLimit:SafetyMargin", e.Message, StringComparison.Ordinal);
    }
}
