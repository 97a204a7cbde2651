using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Qingyang;
using DocScan.Sdk.Tests.AliyunIqs;
using DocScan.Sdk.Tests.ClipImg;
using DocScan.Sdk.Tests.Qingyang;

namespace DocScan.Sdk.Tests.Core;

/// <summary>A field or header the vendor adds is visible on the result before the SDK models it; credentials never are.</summary>
public class RawAccessTests
{
    private static System.Threading.CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClipImg_keeps_unknown_data_fields_and_the_response_headers_without_cookies()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(
            ClipImgTestHost.ScanOk.Replace("\"image_id\"", "\"quality\":0.97,\"image_id\"", StringComparison.Ordinal),
            HttpStatusCode.OK,
            r =>
            {
                r.Headers.Add("X-Request-Id", "req-1");
                r.Headers.Add("X-RateLimit-Remaining", "19");
                r.Headers.Add("Set-Cookie", "sid=secret");
                r.Headers.Add("X-Access-Token", "t0ken");
            }));

        var result = await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);

        Assert.Equal(0.97, result.AdditionalData["quality"].GetDouble());
        Assert.False(result.AdditionalData.ContainsKey("image_id"));
        Assert.Equal("19", result.ResponseHeaders["x-ratelimit-remaining"]);
        Assert.Equal("req-1", result.ResponseHeaders["X-Request-Id"]);
        Assert.False(result.ResponseHeaders.ContainsKey("Set-Cookie"));
        Assert.False(result.ResponseHeaders.ContainsKey("X-Access-Token"));
    }

    [Fact]
    public async Task Qingyang_keeps_unknown_top_level_fields_and_drops_one_it_cannot_read()
    {
        string json = QingyangWireFormatTests.ExampleResponse.TrimEnd().TrimEnd('}') + ",\"confidence\":0.8,\"broken\":\"\\uD800\"}";
        var (client, _, _, _) = QingyangWireFormatTests.Create(_ => Recorder.Json(HttpStatusCode.OK, json));
        using var _ = client;

        var result = await client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg, "a.jpg"), null, Ct);

        Assert.Equal(0.8, result.AdditionalData["confidence"].GetDouble());
        Assert.False(result.AdditionalData.ContainsKey("broken"));
        Assert.False(result.AdditionalData.ContainsKey("cardType"));
    }

    [Fact]
    public async Task Aliyun_keeps_unknown_top_level_fields()
    {
        string json = Iqs.ExampleResponse.TrimEnd().TrimEnd('}') + ",\"costCredits\":2}";
        var (client, _, _, _) = Iqs.Create(_ => Iqs.Json(HttpStatusCode.OK, json));
        using var _ = client;

        var result = await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), null, Ct);

        Assert.Equal(2, result.AdditionalData["costCredits"].GetInt32());
        Assert.False(result.AdditionalData.ContainsKey("requestId"));
    }
}
