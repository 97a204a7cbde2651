using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using DocScan.Sdk.Tests.ClipImg;

namespace DocScan.Sdk.Tests.Http;

public class RequestIdTests
{
    [Fact]
    public void A_request_id_header_is_cut_to_128_characters_without_control_characters()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-Request-Id", "\u001b[31mreq-" + new string('a', 10_000) + "\u0007");

        var id = LoggingHandler.FindRequestId(response, new[] { "X-Request-Id" });

        Assert.NotNull(id);
        Assert.Equal(128, id!.Length);
        Assert.StartsWith("[31mreq-aaa", id, StringComparison.Ordinal);
        Assert.DoesNotContain(id, char.IsControl);
    }

    [Fact]
    public void A_request_id_of_only_control_characters_is_no_request_id()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("X-Request-Id", "\u0001\u0002");

        Assert.Null(LoggingHandler.FindRequestId(response, new[] { "X-Request-Id" }));
    }

    [Fact]
    public async Task A_failed_call_reports_the_bounded_request_id()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("{}", HttpStatusCode.Unauthorized, r => r.Headers.TryAddWithoutValidation("X-Request-Id", new string('x', 5000) + "\u0000")));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken));

        Assert.NotNull(e.RequestId);
        Assert.True(e.RequestId!.Length <= 128, $"request id of {e.RequestId.Length} characters");
        Assert.DoesNotContain(e.RequestId, char.IsControl);
    }
}
