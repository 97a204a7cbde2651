using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using RichardSzalay.MockHttp;
using static DocScan.Sdk.Tests.ProcessImage.ProcessImageTestKit;

namespace DocScan.Sdk.Tests.ProcessImage;

public class ProcessImageWireTests
{
    private static ProcessImageClientOptions TokenOptions()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token });
        options.UseTokenSource(_ => Task.FromResult("0123456789abcdef0123456789abcdef"));
        return options;
    }

    [Fact]
    public async Task Multipart_names_every_part_with_quoted_names_and_encodes_each_option_as_json()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());
        var options = new ProcessImageRemoveWatermarkOptions
        {
            WatermarkNames = { new WatermarkText("抖音号", WatermarkMatchRule.Similar), new WatermarkText("A+B", WatermarkMatchRule.Absolute), new WatermarkText("x") },
            Offset = new ProcessImageOffset { PlusX = 5, MinusY = -2, PlusWidth = 10, MinusHeight = 0 },
            ShowRegions = true,
        };

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(kit.Requests);
        Assert.StartsWith("multipart/form-data", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            new[] { "appId", "salt", "uploadFile", "watermarkNames", "offset", "show" },
            sent.Parts().Select(p => p.Name));
        Assert.All(sent.Parts(), p => Assert.StartsWith("form-data; name=\"", p.Disposition, StringComparison.Ordinal));
        Assert.Equal("image.jpg", sent.Part("uploadFile").FileName);
        Assert.Null(sent.Part("watermarkNames").ContentType);
        Assert.Equal(
            """{"items":[{"value":"抖音号","rule":"similar"},{"value":"A+B","rule":"absolute"},{"value":"x","rule":"default"}]}""",
            sent.Field("watermarkNames"));
        Assert.Equal("""{"+x":5,"-y":-2,"+w":10,"-h":0}""", sent.Field("offset"));
        Assert.Equal("true", sent.Field("show"));
        Assert.False(sent.HasField("ocrOnly"));
        Assert.False(sent.HasField("sync"));
        Assert.False(sent.HasField("rectangles"));
    }

    [Fact]
    public async Task Rectangles_and_exclude_keywords_are_json_in_the_vendor_shapes()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());
        var ct = TestContext.Current.CancellationToken;

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), new ProcessImageRemoveWatermarkOptions { Rectangles = { new(120, 76, 100, 173), new(0, 0, 5, 6) } }, ct);
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), new ProcessImageRemoveWatermarkOptions { ExcludeKeywords = { new WatermarkText("保留") } }, ct);

        Assert.Equal("""[{"x":120,"y":76,"w":100,"h":173},{"x":0,"y":0,"w":5,"h":6}]""", kit.Requests[0].Field("rectangles"));
        Assert.Equal("""{"items":[{"value":"保留","rule":"default"}]}""", kit.Requests[1].Field("excludeKeywords"));
    }

    [Fact]
    public async Task Submit_sends_sync_true_with_the_callback_and_returns_the_acknowledgement()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(AsyncAckJson);
        using var client = kit.Client(SignatureOptions());

        var ack = await client.SubmitAsync(ImageInput.FromBytes(ExampleImage), new Uri("https://app.example.com/hooks/pi?k=s3cr3t"), null, TestContext.Current.CancellationToken);

        var sent = Assert.Single(kit.Requests);
        Assert.Equal("true", sent.Field("sync"));
        Assert.Equal("https://app.example.com/hooks/pi?k=s3cr3t", sent.Field("callback"));
        Assert.Equal(52000, ack.ProcessStatus);
        Assert.Equal("json", ack.ReturnType);
        Assert.Equal("3cf74091cd396bdb3a37ff54c8dea6d5", ack.Signature);
        Assert.Equal("20eecffbd807d6508ac7be5eb083732e", ack.ImageIdentifier);
        Assert.Equal("Submit", ack.Operation);
    }

    [Fact]
    public async Task Submit_refuses_a_callback_that_is_not_http()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(ImageInput.FromBytes(ExampleImage), new Uri("ftp://example.com/x"), null, TestContext.Current.CancellationToken));
        Assert.Empty(kit.Requests);
    }

    [Theory]
    [InlineData(52006)]
    [InlineData(0)]
    public async Task Detect_sends_ocrOnly_and_returns_regions_for_52006_or_0(int processStatus)
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson($$$"""{"httpCode":200,"data":{"processStatus":{{{processStatus}}},"processCount":1,"processLocation":[{"x":391,"y":1838,"w":349,"h":45,"lineCount":1,"word":"抖音号:rc****16"}]}}""");
        using var client = kit.Client(SignatureOptions());

        var result = await client.DetectAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal("true", kit.Requests.Single().Field("ocrOnly"));
        Assert.Equal(new WatermarkRegion(391, 1838, 349, 45, 1, "抖音号:rc****16"), Assert.Single(result.Regions));
    }

    [Fact]
    public async Task Path_and_file_part_name_follow_the_options()
    {
        using var kit = new ProcessImageTestKit();
        Captured? sent = null;
        kit.Mock.When(System.Net.Http.HttpMethod.Post, "https://www.processimage.cn/api/v2/watermark").Respond(async req =>
        {
            sent = new Captured(req.Method, req.RequestUri!, new(), req.Content!.Headers.ContentType!.ToString(), await req.Content.ReadAsByteArrayAsync());
            return Json(SuccessJson);
        });
        var options = SignatureOptions();
        options.Path = "/api/v2/watermark";
        options.FilePartName = "image_file";
        using var client = kit.Client(options);

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.NotNull(result.ImageUrl);
        Assert.Equal(ExampleImage, sent!.Part("image_file").Body);
        Assert.False(sent.HasField("uploadFile"));
        Assert.Empty(kit.Requests); // the default path was not used
    }

    [Fact]
    public async Task Token_mode_sends_url_images_as_imageUrl_and_base64_with_the_data_prefix()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(TokenOptions());
        var ct = TestContext.Current.CancellationToken;

        await client.RemoveWatermarkAsync(ImageInput.FromUrl("https://cdn.example.com/a.png"), null, ct);
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), new ProcessImageRemoveWatermarkOptions { Upload = ProcessImageUpload.Base64 }, ct);
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);

        Assert.Equal("https://cdn.example.com/a.png", kit.Requests[0].Field("imageUrl"));
        Assert.False(kit.Requests[0].HasField("uploadFile"));
        Assert.Equal("data:image/jpeg;base64," + Convert.ToBase64String(ExampleImage), kit.Requests[1].Field("imageBase64"));
        Assert.Equal(ExampleImage, kit.Requests[2].Part("uploadFile").Body);
        Assert.All(kit.Requests, r =>
        {
            Assert.False(r.HasField("appId"));
            Assert.False(r.HasField("salt"));
            Assert.Null(r.Header("x-access-api-sign"));
            Assert.Equal("0123456789abcdef0123456789abcdef", r.Header("x-access-api-token"));
        });
    }

    public static TheoryData<string, ProcessImageRemoveWatermarkOptions> RefusedCombinations => new()
    {
        { "Rectangles replace", new ProcessImageRemoveWatermarkOptions { Rectangles = { new(1, 1, 1, 1) }, WatermarkNames = { new WatermarkText("a") } } },
        { "Rectangles replace", new ProcessImageRemoveWatermarkOptions { Rectangles = { new(1, 1, 1, 1) }, Offset = new ProcessImageOffset { PlusX = 1 } } },
        { "exclude each other", new ProcessImageRemoveWatermarkOptions { WatermarkNames = { new WatermarkText("a") }, ExcludeKeywords = { new WatermarkText("b") } } },
        { "at most 4", new ProcessImageRemoveWatermarkOptions { Offset = new ProcessImageOffset { PlusX = 1, MinusX = 1, PlusY = 1, MinusY = 1, PlusWidth = 1 } } },
        { "non-empty value", new ProcessImageRemoveWatermarkOptions { ExcludeKeywords = { new WatermarkText(" ") } } },
        { "positive width", new ProcessImageRemoveWatermarkOptions { Rectangles = { new(1, 1, 0, 5) } } },
    };

    [Theory]
    [MemberData(nameof(RefusedCombinations))]
    public async Task Option_combinations_the_server_would_ignore_or_refuse_are_rejected_locally(string expected, ProcessImageRemoveWatermarkOptions options)
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), options, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(kit.Requests);
    }

    [Fact]
    public async Task Images_over_4_MB_or_in_other_formats_are_rejected_before_sending()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());
        var ct = TestContext.Current.CancellationToken;
        var big = new byte[4 * 1024 * 1024];
        ExampleImage.CopyTo(big, 0);
        var webp = "RIFF\0\0\0\0WEBPVP8 "u8.ToArray();

        // 4,000,001 bytes: over the page's "4MB" read as 4,000,000 (the default), under 4 MiB.
        var tooBig = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(big.AsMemory(0, 4_000_001)), null, ct));
        var wrongFormat = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(webp), null, ct));

        Assert.Equal(4_000_000, ProcessImageClientOptions.DefaultMaxImageBytes);
        Assert.Equal(DocScanErrorKind.InvalidRequest, tooBig.Kind);
        Assert.Contains("4 MB (4,000,000 bytes)", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("DocScan:ProcessImage:MaxImageBytes", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(DocScanErrorKind.InvalidRequest, wrongFormat.Kind);
        Assert.Contains("WebP", wrongFormat.Message, StringComparison.Ordinal);
        Assert.Empty(kit.Requests);

        // Exactly 4,000,000 bytes is accepted.
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(big.AsMemory(0, 4_000_000)), null, ct);
        Assert.Single(kit.Requests);
    }

    [Fact]
    public async Task MaxImageBytes_raises_the_limit_to_the_4_MiB_reading()
    {
        using var kit = new ProcessImageTestKit();
        var options = SignatureOptions();
        options.MaxImageBytes = 4 * 1024 * 1024;
        using var client = kit.Client(options);
        var big = new byte[4 * 1024 * 1024];
        ExampleImage.CopyTo(big, 0);

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(big), null, TestContext.Current.CancellationToken);
        var bigger = new byte[(4 * 1024 * 1024) + 1];
        ExampleImage.CopyTo(bigger, 0);
        var over = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(bigger), null, TestContext.Current.CancellationToken));

        Assert.Single(kit.Requests);
        Assert.Equal(big.Length, kit.Requests[0].Part("uploadFile").Body.Length);
        Assert.Equal(DocScanErrorKind.InvalidRequest, over.Kind);
        Assert.Contains("4 MiB", over.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_follow_the_vendor()
    {
        var options = new ProcessImageClientOptions();

        Assert.Equal(new Uri("https://www.processimage.cn"), options.BaseAddress);
        Assert.Equal("/watermark/access", options.Path);
        Assert.Equal("uploadFile", options.FilePartName);
        Assert.Equal(2, options.RateLimit.PermitsPerSecond);
        Assert.Equal(ProcessImageAuthMode.Signature, options.AuthMode);
        Assert.Equal(TimeSpan.FromMinutes(30), options.TokenLifetime);
    }

    [Fact]
    public async Task Download_streams_the_processed_image_without_credentials()
    {
        using var kit = new ProcessImageTestKit();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        System.Net.Http.HttpRequestMessage? seen = null;
        kit.Mock.When(System.Net.Http.HttpMethod.Get, "https://www.processimage.cn/watermark/targetImages/a.jpeg").Respond(req =>
        {
            seen = req;
            var content = new System.Net.Http.ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            return new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        });
        using var client = kit.Client(SignatureOptions());
        var destination = new MemoryStream();

        var result = await client.DownloadImageAsync(new Uri("https://www.processimage.cn/watermark/targetImages/a.jpeg"), destination, TestContext.Current.CancellationToken);

        Assert.Equal(bytes, destination.ToArray());
        Assert.Equal(bytes.Length, result.BytesWritten);
        Assert.Equal("image/jpeg", result.ContentType);
        Assert.False(seen!.Headers.Contains("x-access-api-sign"));
    }

    [Fact]
    public async Task Download_refuses_other_hosts_and_reports_an_expired_image_as_not_found()
    {
        using var kit = new ProcessImageTestKit();
        kit.Mock.When(System.Net.Http.HttpMethod.Get, "https://www.processimage.cn/watermark/targetImages/old.jpeg").Respond(System.Net.HttpStatusCode.NotFound);
        using var client = kit.Client(SignatureOptions());
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadImageAsync(new Uri("https://evil.example.com/watermark/targetImages/a.jpeg"), new MemoryStream(), ct));
        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadImageAsync(new Uri("https://www.processimage.cn/watermark/targetImages/old.jpeg"), new MemoryStream(), ct));

        Assert.Equal(DocScanErrorKind.NotFound, e.Kind);
        Assert.Contains("5 hours", e.Message, StringComparison.Ordinal);
    }
}
