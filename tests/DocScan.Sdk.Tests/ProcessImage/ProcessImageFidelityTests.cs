using System;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using static DocScan.Sdk.Tests.ProcessImage.ProcessImageTestKit;

namespace DocScan.Sdk.Tests.ProcessImage;

/// <summary>Where the vendor's page and the SDK could read each other differently: each choice, pinned.</summary>
public class ProcessImageFidelityTests
{
    private static ProcessImageClientOptions TokenOptions()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token });
        options.UseTokenSource(_ => Task.FromResult("0123456789abcdef0123456789abcdef"));
        return options;
    }

    private static string Forbidden(string usage = "")
        => $$$"""{"httpCode":403,"httpMsg":"FAILED::拒绝请求",{{{usage}}}"data":{"processStatus":52001,"processMsg":"UNHANDLED::未处理"}}""";

    [Fact]
    public async Task A_403_in_signature_mode_says_the_usage_is_only_possibly_used_up_and_does_not_say_top_up()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Forbidden());
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Equal("403", e.VendorCode);
        Assert.Contains("possibly", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("top up", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(kit.Requests);
    }

    [Fact]
    public async Task A_403_in_token_mode_names_both_the_usage_and_the_ip_allow_list()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Forbidden());
        using var client = kit.Client(TokenOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Contains("usage", e.Message, StringComparison.Ordinal);
        Assert.Contains("allow-list", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("top up", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_403_while_calls_remain_is_not_a_quota_error_and_points_token_mode_at_the_allow_list()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Forbidden("\"remainingUsage\":411,"));
        using var client = kit.Client(TokenOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("411", e.Message, StringComparison.Ordinal);
        Assert.Contains("allow-list", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task A_403_with_no_calls_left_is_insufficient_quota_and_says_top_up()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Forbidden("\"remainingUsage\":0,"));
        using var client = kit.Client(TokenOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Contains("top up", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-list", e.Message, StringComparison.Ordinal);
    }

    private const string NoWatermark = """{"httpCode":200,"httpMsg":"SUCCESS::调用成功","remainingUsage":411,"data":{"processStatus":52002,"processMsg":"UNHANDLED::未识别到水印"}}""";

    [Fact]
    public async Task Detect_answers_52002_with_a_result_that_says_no_watermark_was_found()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(NoWatermark);
        using var client = kit.Client(SignatureOptions());

        var result = await client.DetectAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.True(result.NoWatermarkFound);
        Assert.Empty(result.Regions);
        Assert.Equal(52002, result.ProcessStatus);
        Assert.Equal(411, result.Usage!.Remaining);
        Assert.Single(kit.Requests);
    }

    [Fact]
    public async Task Removal_answers_52002_with_an_error_that_says_nothing_was_changed_or_charged()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(NoWatermark);
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal("52002", e.VendorCode);
        Assert.Contains("not charged", e.Message, StringComparison.Ordinal);
        Assert.Contains("DetectAsync", e.Message, StringComparison.Ordinal);
        Assert.Single(kit.Requests);
    }

    [Fact]
    public async Task A_detection_with_regions_does_not_claim_no_watermark()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Status(52006));
        using var client = kit.Client(SignatureOptions());

        var result = await client.DetectAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.False(result.NoWatermarkFound);
        Assert.Single(result.Regions);
    }

    [Fact]
    public async Task Url_and_base64_field_names_follow_the_options()
    {
        using var kit = new ProcessImageTestKit();
        var options = TokenOptions();
        options.UrlFieldName = "image_url";
        options.Base64FieldName = "image_base64";
        using var client = kit.Client(options);
        var ct = TestContext.Current.CancellationToken;

        await client.RemoveWatermarkAsync(ImageInput.FromUrl("https://cdn.example.com/a.png"), null, ct);
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), new ProcessImageRemoveWatermarkOptions { Upload = ProcessImageUpload.Base64 }, ct);

        Assert.Equal("https://cdn.example.com/a.png", kit.Requests[0].Field("image_url"));
        Assert.False(kit.Requests[0].HasField("imageUrl"));
        Assert.Equal("data:image/jpeg;base64," + Convert.ToBase64String(ExampleImage), kit.Requests[1].Field("image_base64"));
        Assert.False(kit.Requests[1].HasField("imageBase64"));
    }

    [Fact]
    public void Field_name_defaults_are_the_servers_and_empty_names_are_refused()
    {
        var defaults = new ProcessImageClientOptions();
        var empty = new ProcessImageClientOptions { AppId = AppId, AppSecret = AppSecret, UrlFieldName = " ", Base64FieldName = "", MaxImageBytes = 0 };

        var e = Assert.Throws<ArgumentException>(() => new ProcessImageClient(empty));

        Assert.Equal(("uploadFile", "imageUrl", "imageBase64", 4_000_000L), (defaults.FilePartName, defaults.UrlFieldName, defaults.Base64FieldName, defaults.MaxImageBytes));
        Assert.Contains("ProcessImage:UrlFieldName must not be empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("ProcessImage:Base64FieldName must not be empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("ProcessImage:MaxImageBytes must be positive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Region_text_is_read_from_the_pages_watermark_field_as_well_as_the_servers_word()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson("""{"httpCode":200,"data":{"processStatus":0,"processLocation":[{"x":1,"y":2,"w":3,"h":4,"lineCount":1,"watermark":"页面水印"},{"x":5,"y":6,"w":7,"h":8,"word":"服务器水印"}],"url":"https://www.processimage.cn/t/a.jpeg"}}""");
        using var client = kit.Client(SignatureOptions());

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "页面水印", "服务器水印" }, result.Regions.Select(r => r.Text));
    }
}
