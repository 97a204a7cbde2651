using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;

namespace DocScan.Sdk.Tests.ClipImg;

public class ClipImgErrorTests
{
    private static System.Threading.CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(400, DocScanErrorKind.InvalidRequest, false)]
    [InlineData(402, DocScanErrorKind.InsufficientQuota, false)]
    [InlineData(404, DocScanErrorKind.NotFound, false)]
    public async Task Permanent_body_codes_map_to_their_kind_and_are_sent_exactly_once(int code, DocScanErrorKind kind, bool transient)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Code(code, "错误信息"));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(transient, e.IsTransient);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), e.VendorCode);
        Assert.Equal("错误信息", e.VendorMessage);
        Assert.Equal("ClipImg", e.Vendor);
        Assert.Equal("Scan", e.Operation);
        Assert.Equal(1, e.Attempts);
        Assert.Single(host.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rejected_api_key_fails_with_authentication_naming_the_setting(bool asBodyCode)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", asBodyCode
            ? ClipImgTestHost.Json("{\"code\":401,\"msg\":\"API Key无效\",\"data\":null}", HttpStatusCode.Unauthorized)
            : ClipImgTestHost.Json("<html>401</html>", HttpStatusCode.Unauthorized));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("DocScan:ClipImg:ApiKey", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("undocumented", e.Message, StringComparison.Ordinal);
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task Code_509_is_retried_and_then_succeeds_with_the_same_body_bytes_on_every_attempt()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Code(509, "处理超时,请稍后再试"), ClipImgTestHost.Code(509, "处理超时"), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var result = await host.Client.ScanAsync(ClipImgTestHost.Jpeg(5000), null, Ct);

        Assert.Equal(3, result.Attempts);
        var bodies = host.Requests.Select(r => r.Body).ToList();
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
    }

    [Fact]
    public async Task Headers_do_not_accumulate_over_attempts()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Code(509, "busy"), ClipImgTestHost.Code(509, "busy"), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);

        var third = host.Requests.ElementAt(2).Request;
        Assert.Equal(new[] { ClipImgTestHost.ApiKey }, third.Headers.GetValues("X-API-Key"));
    }

    [Fact]
    public async Task Code_509_that_never_clears_fails_as_a_transient_timeout_after_all_retries()
    {
        using var host = new ClipImgTestHost(o => o.Retry.MaxRetries = 2);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Code(509, "busy"));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, host.Requests.Count);
    }

    [Theory]
    [InlineData(401, DocScanErrorKind.Authentication, false, 1)]
    [InlineData(429, DocScanErrorKind.RateLimited, true, 4)]
    [InlineData(500, DocScanErrorKind.ServerError, true, 4)]
    [InlineData(503, DocScanErrorKind.ServerError, true, 4)]
    public async Task Http_failures_of_a_free_operation_map_to_kind_transient_flag_and_retries(int status, DocScanErrorKind kind, bool transient, int sends)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("<html>gateway</html>", (HttpStatusCode)status));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(transient, e.IsTransient);
        Assert.Equal(status, e.HttpStatus);
        Assert.Equal(sends, host.Requests.Count);
        Assert.Equal(sends, e.Attempts);
    }

    [Fact]
    public async Task Download_is_idempotent_so_a_500_is_retried_but_402_is_sent_once()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/download/a", ClipImgTestHost.Json("{}", HttpStatusCode.InternalServerError), () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(new byte[] { 0xFF, 0xD8, 0xFF }) { Headers = { ContentType = new("image/jpeg") } },
        });
        host.Answer("POST", "/api/pic/scan/download/b", ClipImgTestHost.Code(402, "您的API点数已用完,请及时充值"));

        var ok = await host.Client.DownloadAsync("a", System.IO.Stream.Null, Ct);
        Assert.Equal(2, ok.Attempts);
        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.DownloadAsync("b", System.IO.Stream.Null, Ct));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Equal(1, host.Requests.Count(r => r.Request.RequestUri!.AbsolutePath.EndsWith("/b", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_body_that_is_not_json_becomes_invalid_response_with_a_short_redacted_excerpt()
    {
        using var host = new ClipImgTestHost();
        var secretish = new string('A', 40);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("Service temporarily unavailable " + secretish + " " + new string('x', 500)));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("Service temporarily unavailable", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secretish, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 600, e.Message);
    }

    [Fact]
    public async Task A_success_code_without_the_documented_fields_is_invalid_response_not_a_null_reference()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("""{"code":0,"msg":"ok","data":{"image_id":"x"}}"""));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_an_api_key_fails_its_first_call_with_authentication_naming_the_setting()
    {
        using var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        using var client = new ClipImgClient(TestSupport.Fast(new ClipImgClientOptions()), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("DocScan:ClipImg:ApiKey is not configured", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Attempts);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    [Fact]
    public void Plain_http_to_a_remote_host_is_refused_unless_allowed()
    {
        var e = Assert.Throws<ArgumentException>(() => new ClipImgClient(new ClipImgClientOptions { ApiKey = "k", BaseAddress = new Uri("http://www.clipimg.com") }));
        Assert.Contains("AllowInsecureHttp", e.Message, StringComparison.Ordinal);
        using var loopback = new ClipImgClient(new ClipImgClientOptions { ApiKey = "k", BaseAddress = new Uri("http://127.0.0.1:5000") });
        using var allowed = new ClipImgClient(new ClipImgClientOptions { ApiKey = "k", BaseAddress = new Uri("http://www.clipimg.com"), AllowInsecureHttp = true });
    }
}
