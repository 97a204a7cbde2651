using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.Http;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk.Tests.Http;

/// <summary>The shared response-error sequence: body, lenient parse, Retry-After, vendor code, then HTTP status.</summary>
public class VendorResponseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is { } delta)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(delta);
        }

        return response;
    }

    [Fact]
    public async Task A_vendor_code_in_an_error_status_decides_before_the_status()
    {
        using var response = Answer(HttpStatusCode.InternalServerError, """{"code":402,"msg":"no points"}""", TimeSpan.FromSeconds(7));

        var e = await Assert.ThrowsAsync<DocScanException>(async () => await VendorResponse.ReadAsync(response, ClipImgErrors.Map.Instance, TimeProvider.System, Ct));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Equal("402", e.VendorCode);
        Assert.Equal("no points", e.VendorMessage);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Fact]
    public async Task An_error_status_with_a_body_that_is_not_json_falls_back_to_the_status()
    {
        using var response = Answer(HttpStatusCode.ServiceUnavailable, "<html>busy</html>", TimeSpan.FromSeconds(3));

        var e = await Assert.ThrowsAsync<DocScanException>(async () => await VendorResponse.ReadAsync(response, ClipImgErrors.Map.Instance, TimeProvider.System, Ct));

        Assert.Equal(DocScanErrorKind.ServerError, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Null(e.VendorCode);
        Assert.Equal(TimeSpan.FromSeconds(3), e.RetryAfter);
    }

    [Fact]
    public async Task A_successful_status_with_a_body_that_is_not_json_is_an_invalid_response()
    {
        using var response = Answer(HttpStatusCode.OK, "<html>ok</html>");

        var e = await Assert.ThrowsAsync<DocScanException>(async () => await VendorResponse.ReadAsync(response, QingyangErrors.Map.Instance, TimeProvider.System, Ct));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("Qingyang's OCR JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_that_repairs_invalid_utf8_reads_its_code_from_a_corrupted_message()
    {
        byte[] json = [.. Encoding.UTF8.GetBytes("""{"code":30500101,"message":"bad"""), 0xFF, .. Encoding.UTF8.GetBytes("\"}")];
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(json) };
        var map = new EsignErrors.Map(new EsignClientOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(async () => await VendorResponse.ReadAsync(response, map, TimeProvider.System, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(EsignErrors.ImageTooLarge, e.VendorCode);
        Assert.Equal("bad\uFFFD", e.VendorMessage);
    }

    [Fact]
    public async Task A_successful_answer_keeps_its_envelope_and_body()
    {
        using var response = Answer(HttpStatusCode.OK, """{"code":0,"msg":"ok","data":{"id":"x"}}""");

        using var answer = await VendorResponse.ReadAsync(response, ClipImgErrors.Map.Instance, TimeProvider.System, Ct);

        Assert.Equal(200, answer.Status);
        Assert.NotNull(answer.Envelope?.Data);
        Assert.True(answer.Body.Length > 0);
    }
}
