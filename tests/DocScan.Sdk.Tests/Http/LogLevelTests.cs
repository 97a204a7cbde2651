using System;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Sdk.Tests.ClipImg;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Tests.Http;

public class LogLevelTests
{
    [Fact]
    public async Task A_successful_call_logs_at_debug_so_a_host_at_information_shows_nothing()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken);

        var records = host.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Message.Contains("succeeded", StringComparison.Ordinal));
        Assert.Empty(records.Where(r => r.Level >= LogLevel.Information).Select(r => r.Message));
    }
}
