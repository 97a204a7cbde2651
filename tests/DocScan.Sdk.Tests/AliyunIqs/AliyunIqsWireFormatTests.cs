using System;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;

namespace DocScan.Sdk.Tests.AliyunIqs;

public class AliyunIqsWireFormatTests
{
    [Fact]
    public async Task Image_bytes_go_as_camel_case_base64_json_with_a_bearer_key_and_no_config_by_default()
    {
        var (client, mock, route, recorder) = Iqs.Create();
        using var _ = client;

        await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, mock.GetMatchCount(route));
        var sent = Assert.Single(recorder.Requests);
        Assert.Equal("Bearer", sent.Headers.Authorization?.Scheme);
        Assert.Equal(Iqs.Key, sent.Headers.Authorization?.Parameter);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal(sent.Body.Length, sent.ContentLength);

        // '+' and '/' in the Base64 stay unescaped.
        Assert.Equal("{\"imageBase64\":\"" + Convert.ToBase64String(Iqs.Jpeg) + "\"}", sent.Text);
        Assert.Contains('+', Convert.ToBase64String(Iqs.Jpeg));
    }

    [Fact]
    public async Task Scan_settings_are_sent_as_strings_inside_scanFileInputConfig()
    {
        var (client, _, _, recorder) = Iqs.Create();
        using var _ = client;

        await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), new AliyunIqsScanFileOptions { AutoCrop = false, AutoRotate = AliyunIqsScanSetting.Force }, TestContext.Current.CancellationToken);
        await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), new AliyunIqsScanFileOptions { AutoRotate = true }, TestContext.Current.CancellationToken);

        using var both = JsonDocument.Parse(recorder.Requests[0].Body);
        var config = both.RootElement.GetProperty("scanFileInputConfig");
        Assert.Equal(JsonValueKind.String, config.GetProperty("autoCrop").ValueKind);
        Assert.Equal("false", config.GetProperty("autoCrop").GetString());
        Assert.Equal("force", config.GetProperty("autoRotate").GetString());
        Assert.Equal(Iqs.Jpeg, both.RootElement.GetProperty("imageBase64").GetBytesFromBase64());

        using var one = JsonDocument.Parse(recorder.Requests[1].Body);
        var onlyRotate = one.RootElement.GetProperty("scanFileInputConfig");
        Assert.Equal("true", onlyRotate.GetProperty("autoRotate").GetString());
        Assert.False(onlyRotate.TryGetProperty("autoCrop", out var autoCrop), "autoCrop was sent: " + autoCrop);
    }

    [Fact]
    public async Task Image_url_is_sent_as_imageUrl_keeping_the_signed_querys_escapes()
    {
        var (client, _, _, recorder) = Iqs.Create();
        using var _ = client;

        await client.ScanFileAsync(
            ImageInput.FromUrl("https://bucket.oss-cn-hangzhou.aliyuncs.com/a.jpg?Signature=x%2By%3D"),
            new AliyunIqsScanFileOptions { AutoCrop = false },
            TestContext.Current.CancellationToken);

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal("Bearer " + Iqs.Key, sent.Headers.Authorization?.ToString());
        Assert.Equal(
            """{"imageUrl":"https://bucket.oss-cn-hangzhou.aliyuncs.com/a.jpg?Signature=x%2By%3D","scanFileInputConfig":{"autoCrop":"false"}}""",
            sent.Text);
    }

    [Fact]
    public async Task Documented_example_gives_pages_request_id_and_search_time()
    {
        var (client, _, _, _) = Iqs.Create();
        using var _ = client;

        var result = await client.ScanFileAsync(ImageInput.FromUrl("https://img2.example.com/a.jpg"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("c182ff0b-0a16-4a6d-a586-9841495bb3a2", result.RequestId);
        Assert.Equal(TimeSpan.FromMilliseconds(1265), result.SearchTime);
        var page = Assert.Single(result.Pages);
        Assert.Equal(0, page.Angle);
        Assert.Equal(1539, page.Width);
        Assert.Equal(2178, page.Height);
        // The example's Base64 has no padding and non-zero unused bits in its last group; it still decodes.
        Assert.Equal(Convert.FromHexString("FFD8FFE000104A4649460020028A0028A0028A00FFFD"), page.Image.ToArray());
        Assert.Equal(ImageFormat.Jpeg, page.Format);
    }

    [Fact]
    public async Task A_5_MB_base64_image_in_the_response_decodes_to_the_exact_bytes()
    {
        var image = new byte[5 * 1024 * 1024];
        new Random(42).NextBytes(image);
        image[0] = 0xFF;
        image[1] = 0xD8;
        image[2] = 0xFF;
        string json = $$$"""{"requestId":"r-5mb","scanFileInfoList":[{"angle":90,"height":4000,"width":3000,"imageBase64":"{{{Convert.ToBase64String(image)}}}"}],"searchInformation":{"searchTime":"2048"}}""";
        var (client, _, _, _) = Iqs.Create(_ => Iqs.Json(HttpStatusCode.OK, json));
        using var _ = client;

        var result = await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken);

        var page = Assert.Single(result.Pages);
        Assert.Equal(90, page.Angle);
        Assert.Equal(image.Length, page.Image.Length);
        Assert.True(page.Image.Span.SequenceEqual(image));
        Assert.Equal(TimeSpan.FromSeconds(2.048), result.SearchTime);
    }

    [Theory]
    [InlineData("canonical")]
    [InlineData("unpadded")]
    [InlineData("escaped slashes")]
    [InlineData("data prefix")]
    public async Task Page_images_decode_from_every_base64_form_a_server_may_write(string form)
    {
        var image = new byte[100];
        new Random(3).NextBytes(image);
        image[0] = 0xFF;
        image[1] = 0xFF;
        image[2] = 0xFF; // "////" at the start, so escaping slashes changes the text
        string base64 = Convert.ToBase64String(image);
        string written = form switch
        {
            "canonical" => base64,
            "unpadded" => base64.TrimEnd('='),
            "escaped slashes" => base64.Replace("/", "\\/", StringComparison.Ordinal),
            _ => "data:image/jpeg;base64," + base64,
        };
        var (client, _, _, _) = Iqs.Create(_ => Iqs.Json(HttpStatusCode.OK, "{\"requestId\":\"r\",\"scanFileInfoList\":[{\"imageBase64\":\"" + written + "\"}]}"));
        using var _ = client;

        var result = await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(image, Assert.Single(result.Pages).Image.ToArray());
    }

    [Fact]
    public async Task A_page_image_that_is_not_base64_is_an_invalid_response_and_is_not_retried()
    {
        var (client, mock, route, _) = Iqs.Create(_ => Iqs.Json(HttpStatusCode.OK, """{"requestId":"r","scanFileInfoList":[{"imageBase64":"abcde"}]}"""));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Equal(1, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task A_5_MB_file_is_streamed_as_base64_and_arrives_intact()
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            var image = new byte[5 * 1024 * 1024 + 1];
            new Random(1).NextBytes(image);
            image[0] = 0x89;
            "PNG\r\n\u001a\n"u8.CopyTo(image.AsSpan(1));
            await System.IO.File.WriteAllBytesAsync(path, image, TestContext.Current.CancellationToken);
            var (client, _, _, recorder) = Iqs.Create();
            using var _ = client;

            await client.ScanFileAsync(ImageInput.FromFile(path), cancellationToken: TestContext.Current.CancellationToken);

            using var body = JsonDocument.Parse(Assert.Single(recorder.Requests).Body);
            Assert.Equal(image, body.RootElement.GetProperty("imageBase64").GetBytesFromBase64());
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Default_timeouts_wait_longer_than_the_servers_25_seconds()
    {
        var options = new AliyunIqsClientOptions();

        Assert.True(options.AttemptTimeout > AliyunIqsClientOptions.ServerTimeout);
        Assert.True(options.TotalTimeout > AliyunIqsClientOptions.ServerTimeout * 2);
        Assert.Equal(TimeSpan.FromSeconds(25), AliyunIqsClientOptions.ServerTimeout);
        using var client = new AliyunIqsClient(options);
    }
}
