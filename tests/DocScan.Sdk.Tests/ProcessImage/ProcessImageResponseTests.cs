using System;
using System.Net;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using Microsoft.Extensions.Time.Testing;
using static DocScan.Sdk.Tests.ProcessImage.ProcessImageTestKit;

namespace DocScan.Sdk.Tests.ProcessImage;

public class ProcessImageResponseTests
{
    [Fact]
    public async Task Success_maps_the_image_url_regions_count_and_account_usage()
    {
        using var kit = new ProcessImageTestKit();
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        using var client = kit.Client(SignatureOptions(), time: time);

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal(new Uri("https://www.processimage.cn/watermark/targetImages/054cd3de-471d-4379-be88-67d531b3244f.jpeg"), result.ImageUrl);
        Assert.Equal(time.GetUtcNow().AddHours(5), result.ImageExpiresAt);
        Assert.Equal(2, result.ProcessCount);
        Assert.Equal(2, result.Regions.Count);
        Assert.Equal(new WatermarkRegion(305, 2256, 495, 45, 2, "VA 抖音号*******"), result.Regions[1]);
        Assert.Equal(411, result.Usage!.Remaining);
        Assert.Equal(20, result.Usage.LongTerm);
        Assert.Equal(391, result.Usage.LimitedTerm);
        Assert.Equal(9, result.Usage.TotalUsed);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 17, 49, 45, TimeSpan.FromHours(8)), result.Usage.LimitedTermExpiresAt);
        Assert.False(result.FromCache);
        Assert.False(result.OffsetIgnored);
        Assert.Equal("SUCCESS::调用成功", result.ResponseMessage);
        Assert.Equal("ProcessImage", result.Vendor);
        Assert.Equal("RemoveWatermark", result.Operation);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task Documented_fields_return_type_location_and_sign_and_unknown_fields_reach_the_result()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson("""
            {"httpCode":200,"httpMsg":"SUCCESS::调用成功","returnType":"json","location":"112.202.136.123","newTopField":{"a":1},
             "data":{"processStatus":0,"url":"https://www.processimage.cn/watermark/targetImages/x.jpeg","newDataField":"v"},
             "encryptedInfo":{"sign":"fc168bf32fcd56b3b1e71031209e7e83","imageUniqueIdentification":"20eecffbd807d6508ac7be5eb083732e"}}
            """);
        using var client = kit.Client(SignatureOptions());

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal("json", result.ReturnType);
        Assert.Equal("112.202.136.123", result.ClientAddress);
        Assert.Equal("fc168bf32fcd56b3b1e71031209e7e83", result.Signature);
        Assert.Equal(1, result.AdditionalData["newTopField"].GetProperty("a").GetInt32());
        Assert.Equal("v", result.AdditionalData["data.newDataField"].GetString());
        Assert.False(result.AdditionalData.ContainsKey("returnType"));
        Assert.Equal("application/json; charset=utf-8", result.ResponseHeaders["Content-Type"]);
    }

    [Fact]
    public async Task The_servers_callSuccessful_usage_field_is_accepted()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson("""{"httpCode":200,"remainingUsage":5,"callSuccessful":77,"data":{"processStatus":0,"url":"https://www.processimage.cn/t/a.jpeg"}}""");
        using var client = kit.Client(SignatureOptions());

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal(77, result.Usage!.TotalUsed);
        Assert.Null(result.Usage.LimitedTermExpiresAt);
    }

    [Fact]
    public async Task Cached_304_reply_is_a_success_marked_as_from_cache()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson("""
            {"httpCode":304,"httpMsg":"CACHE::本次响应为缓存数据,未作任何修改","returnType":"json","remainingUsage":411,
             "data":{"processStatus":0,"processCount":1,"processMsg":"SUCCESS::处理成功",
               "processLocation":[{"x":391,"y":1838,"w":349,"h":45,"lineCount":1,"word":"抖音号:rc****16"}],
               "url":"https://www.processimage.cn/watermark/targetImages/a2118e82-861b-44c0-9108-db68b6273275.jpeg"}}
            """);
        using var client = kit.Client(SignatureOptions());

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.True(result.FromCache);
        Assert.Equal(304, result.ResponseCode);
        Assert.Equal(1, result.Attempts);
        Assert.EndsWith("a2118e82-861b-44c0-9108-db68b6273275.jpeg", result.ImageUrl!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignored_offset_52005_is_a_success_with_a_warning_flag()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Status(52005));
        using var client = kit.Client(SignatureOptions());

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), new ProcessImageRemoveWatermarkOptions { Offset = new ProcessImageOffset { PlusWidth = 500 } }, TestContext.Current.CancellationToken);

        Assert.True(result.OffsetIgnored);
        Assert.NotNull(result.ImageUrl);
        Assert.Single(kit.Requests);
    }

    // body httpCode, body processStatus, real HTTP status, expected kind, retried?, transient? (a 500 is transient but, for a charged call, not retried)
    [Theory]
    [InlineData(400, 52001, 200, DocScanErrorKind.InvalidRequest, false, false)]
    [InlineData(401, 52001, 200, DocScanErrorKind.Authentication, false, false)]
    [InlineData(403, 52001, 200, DocScanErrorKind.InsufficientQuota, false, false)]
    [InlineData(405, 52001, 200, DocScanErrorKind.InvalidRequest, false, false)]
    [InlineData(413, 52001, 200, DocScanErrorKind.InvalidRequest, false, false)]
    [InlineData(429, 52001, 200, DocScanErrorKind.RateLimited, true, true)]
    [InlineData(500, 52004, 200, DocScanErrorKind.ServerError, false, true)]
    [InlineData(503, 52001, 200, DocScanErrorKind.ServerError, true, true)]
    [InlineData(415, 52001, 415, DocScanErrorKind.InvalidRequest, false, false)]
    [InlineData(500, 52004, 500, DocScanErrorKind.ServerError, false, true)]
    [InlineData(503, 52001, 503, DocScanErrorKind.ServerError, true, true)]
    [InlineData(200, 52001, 200, DocScanErrorKind.InvalidRequest, false, false)]
    [InlineData(200, 52002, 200, DocScanErrorKind.InvalidRequest, false, false)]
    [InlineData(200, 52003, 200, DocScanErrorKind.Timeout, true, true)]
    [InlineData(200, 52004, 200, DocScanErrorKind.ServerError, true, true)]
    [InlineData(200, 52999, 200, DocScanErrorKind.ServerError, false, false)]
    public async Task Every_status_and_processStatus_maps_to_a_kind_and_a_retry_decision(int httpCode, int processStatus, int realStatus, DocScanErrorKind kind, bool retried, bool transient)
    {
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => Json(Error(httpCode, "FAILED::x", processStatus), (HttpStatusCode)realStatus));
        var options = SignatureOptions();
        options.Retry.MaxRetries = 1;
        using var client = kit.Client(options);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(retried ? 2 : 1, kit.Requests.Count);
        Assert.Equal(transient, e.IsTransient);
        Assert.Equal(realStatus, e.HttpStatus);
        Assert.Equal(httpCode == 200 ? processStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) : httpCode.ToString(System.Globalization.CultureInfo.InvariantCulture), e.VendorCode);
        Assert.Equal("ProcessImage", e.Vendor);
        Assert.Equal("RemoveWatermark", e.Operation);
    }

    [Fact]
    public async Task Signature_error_in_an_http_200_body_keeps_the_vendor_message_and_detail()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson("""{"httpCode":401,"httpMsg":"FAILED::签名错误","returnType":"json","msgInnerReferer":"ExceptionHandler[SignatureFailedException.class]","location":"112.202.136.123","data":{"processStatus":52001,"processMsg":"UNHANDLED::因其他问题导致未处理"}}""");
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Equal("FAILED::签名错误", e.VendorMessage);
        Assert.Contains("AppSecret", e.Message, StringComparison.Ordinal);
        Assert.Contains("SignatureFailedException", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_does_not_retry_an_ambiguous_server_error()
    {
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => Json(Error(500, "FAILED::x", 52004), HttpStatusCode.InternalServerError));
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.SubmitAsync(ImageInput.FromBytes(ExampleImage), new Uri("https://app.example.com/cb"), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.ServerError, e.Kind);
        Assert.Single(kit.Requests);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_invalid_response()
    {
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => new System.Net.Http.HttpResponseMessage(HttpStatusCode.OK) { Content = new System.Net.Http.StringContent("<html>maintenance</html>") });
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("maintenance", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_code_without_data_is_an_invalid_response_that_quotes_the_body()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson("""{"httpCode":200,"httpMsg":"ok-but-empty"}""");
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("no 'data'", e.Message, StringComparison.Ordinal);
        Assert.Contains("ok-but-empty", e.Message, StringComparison.Ordinal);
    }
}
