using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Tests.ClipImg;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Tests.Http;

public class RedactionTests
{
    [Fact]
    public async Task The_api_key_appears_in_no_log_line_exception_or_result_at_trace_level()
    {
        using var host = new ClipImgTestHost(o => o.LoggedHeaders.Add("X-API-Key"));
        host.Answer("POST", "/api/pic/scan",
            ClipImgTestHost.Code(509, "busy"),
            ClipImgTestHost.Json("{\"code\":0,\"data\":{}}", HttpStatusCode.OK, r => r.Headers.Add("X-Request-Id", "req-42")));
        host.Answer("POST", "/api/pic/scan/download/x", ClipImgTestHost.Code(402, "no points"));

        var e1 = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken));
        var e2 = await Assert.ThrowsAsync<DocScanException>(() => host.Client.DownloadAsync("x", System.IO.Stream.Null, TestContext.Current.CancellationToken));

        var records = host.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Trace);
        Assert.Contains(records, r => r.Message.Contains("req-42", StringComparison.Ordinal));
        var everything = string.Join("\n", records.Select(r => r.Message + " " + string.Join(",", r.StructuredState?.Select(kv => kv.Value) ?? Enumerable.Empty<string?>())))
            + e1 + e2 + host.Options.ToString();
        Assert.DoesNotContain(ClipImgTestHost.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ClipImgTestHost.ApiKey.Substring(8, 12), everything, StringComparison.Ordinal);
    }
}
