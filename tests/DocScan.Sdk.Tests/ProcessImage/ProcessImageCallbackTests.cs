using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;

namespace DocScan.Sdk.Tests.ProcessImage;

public class ProcessImageCallbackTests
{
    [Fact]
    public async Task A_callback_with_the_documented_payload_becomes_a_result()
    {
        var body = new MemoryStream(Encoding.UTF8.GetBytes(ProcessImageTestKit.SuccessJson));

        var result = await ProcessImageCallback.ParseAsync(body, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ProcessStatus);
        Assert.Equal(2, result.Regions.Count);
        Assert.EndsWith("054cd3de-471d-4379-be88-67d531b3244f.jpeg", result.ImageUrl!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("20eecffbd807d6508ac7be5eb083732e", result.ImageIdentifier);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 17, 49, 45, TimeSpan.FromHours(8)), result.Usage!.LimitedTermExpiresAt);
        Assert.Equal("Callback", result.Operation);
        Assert.Equal("ProcessImage", result.Vendor);
    }

    [Theory]
    [InlineData("""{"year":2024,"month":"JANUARY","monthValue":1,"dayOfMonth":10,"hour":17,"minute":49,"second":45,"nano":0,"dayOfWeek":"WEDNESDAY","dayOfYear":10,"chronology":{"id":"ISO","calendarType":"iso8601"}}""")]
    [InlineData("""{"date":{"year":2024,"month":1,"day":10},"time":{"hour":17,"minute":49,"second":45,"nano":0}}""")]
    [InlineData("""[2024,1,10,17,49,45]""")]
    [InlineData("""1704880185000""")]
    [InlineData("""  "2024-01-10 17:49:45" """)]
    [InlineData(""" "2024-01-10T09:49:45Z" """)]
    public void The_callbacks_expiry_is_read_however_it_was_serialised(string expiry)
    {
        string json = $$$"""{"httpcode":"200","remainingUsage":"411","callSuccessful":9,"limitedTermExpireTimes":{{{expiry}}},"data":{"processStatus":0,"processCount":1,"url":"https://www.processimage.cn/t/a.jpeg"}}""";

        var result = ProcessImageCallback.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new DateTimeOffset(2024, 1, 10, 9, 49, 45, TimeSpan.Zero), result.Usage!.LimitedTermExpiresAt!.Value.ToUniversalTime());
        Assert.Equal(411, result.Usage.Remaining);
        Assert.Equal(9, result.Usage.TotalUsed);
    }

    [Fact]
    public void An_unreadable_expiry_does_not_lose_the_result()
    {
        var json = """{"httpCode":200,"remainingUsage":3,"limitedTermExpireTimes":{"weird":true},"data":{"processStatus":0,"url":"https://www.processimage.cn/t/a.jpeg"}}""";

        var result = ProcessImageCallback.Parse(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(result.ImageUrl);
        Assert.Null(result.Usage!.LimitedTermExpiresAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"httpCode":200,"data":{"processStatus":0""")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("[1,2,3]")]
    public void A_malformed_callback_is_an_invalid_response_with_a_clear_message(string body)
    {
        var e = Assert.Throws<DocScanException>(() => ProcessImageCallback.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("callback", e.Message, StringComparison.Ordinal);
        Assert.Equal("Callback", e.Operation);
    }

    [Fact]
    public void A_callback_reporting_a_failure_throws_the_mapped_error()
    {
        var json = """{"httpCode":200,"data":{"processStatus":52004,"processMsg":"FAILED::服务端系统出错"}}""";

        var e = Assert.Throws<DocScanException>(() => ProcessImageCallback.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(DocScanErrorKind.ServerError, e.Kind);
        Assert.Equal("52004", e.VendorCode);
        Assert.Equal("FAILED::服务端系统出错", e.VendorMessage);
    }

    [Fact]
    public async Task An_oversized_callback_body_is_refused()
    {
        var body = new MemoryStream(new byte[ProcessImageCallback.MaxBodyBytes + 1]);

        var e = await Assert.ThrowsAsync<DocScanException>(() => ProcessImageCallback.ParseAsync(body, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
    }
}
