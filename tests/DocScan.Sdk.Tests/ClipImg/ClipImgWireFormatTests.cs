using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;

namespace DocScan.Sdk.Tests.ClipImg;

public class ClipImgWireFormatTests
{
    private static System.Threading.CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scan_sends_image_as_base64_without_data_prefix_with_card_type_and_dpi()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        var image = ClipImgTestHost.Jpeg(1000);
        image.TryGetMemory(out var original);

        var result = await host.Client.ScanAsync(image, new ClipImgScanOptions { CardType = ClipImgCardType.IdCard, Dpi = 200 }, Ct);

        var sent = Assert.Single(host.Requests);
        Assert.Equal("application/json", sent.Request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(ClipImgTestHost.ApiKey, Assert.Single(sent.Request.Headers.GetValues("X-API-Key")));
        using var json = JsonDocument.Parse(sent.Body);
        var file = json.RootElement.GetProperty("file").GetString()!;
        Assert.DoesNotContain("data:", file, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", Encoding.UTF8.GetString(sent.Body), StringComparison.Ordinal);
        Assert.Equal(original.ToArray(), Convert.FromBase64String(file));
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("card_type").ValueKind);
        Assert.Equal(1, json.RootElement.GetProperty("card_type").GetInt32());
        Assert.Equal(200, json.RootElement.GetProperty("dpi").GetInt32());
        Assert.Equal(sent.Body.Length, sent.Request.Content.Headers.ContentLength);

        Assert.Equal("img_1", result.ImageId);
        Assert.Equal(new ImagePoint(114, 92), result.Corners.TopLeft);
        Assert.Equal(new ImagePoint(114, 400), result.Corners.BottomLeft);
        Assert.Equal("img_1_scan_crop", result.File.Name);
        Assert.Equal("img_1_scan_crop_preview", result.File.PreviewName);
        Assert.Equal(new Uri("https://www.clipimg.com/api/pic/scan/download/img_1_scan_crop"), result.File.DownloadUrl);
        Assert.Equal("ClipImg", result.Vendor);
        Assert.Equal("Scan", result.Operation);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(200, result.HttpStatus);
        Assert.InRange(result.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Scan_without_options_sends_only_the_file_field()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        using var json = JsonDocument.Parse(Assert.Single(host.Requests).Body);
        Assert.Equal(new[] { "file" }, json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Scan_of_a_10_MB_file_streams_a_body_whose_file_field_decodes_to_the_original_bytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = new byte[10 * 1000 * 1000 + 1]; // not a multiple of 3: exercises the final padding
            new Random(7).NextBytes(bytes);
            bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF;
            await File.WriteAllBytesAsync(path, bytes, Ct);
            using var host = new ClipImgTestHost();
            host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

            await host.Client.ScanAsync(ImageInput.FromFile(path), null, Ct);

            var sent = Assert.Single(host.Requests);
            using var json = JsonDocument.Parse(sent.Body);
            Assert.Equal(bytes, json.RootElement.GetProperty("file").GetBytesFromBase64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(100.5, 2.25)]
    [InlineData(-0.0, 7)]
    [InlineData(1e15, -1e15)]
    [InlineData(999999999999999, 1e-7)]
    [InlineData(-12, 123456.789)]
    public async Task Crop_writes_every_coordinate_as_the_serializer_writes_that_double(double x, double y)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop", ClipImgTestHost.Json("""{"code":0,"msg":"","data":{"img_name":"c"}}"""));
        var corners = new Quad(new ImagePoint(x, y), new ImagePoint(y, x), new ImagePoint(3, 4), new ImagePoint(x, x));

        await host.Client.CropAsync("img_1", corners, null, Ct);

        string Number(double value) => JsonSerializer.Serialize(value);
        var body = Encoding.UTF8.GetString(Assert.Single(host.Requests).Body);
        Assert.Equal($$"""{"image_id":"img_1","points":[[{{Number(x)}},{{Number(y)}}],[{{Number(y)}},{{Number(x)}}],[3,4],[{{Number(x)}},{{Number(x)}}]]}""", body);
    }

    [Fact]
    public async Task Crop_sends_image_id_and_points_as_pairs_in_corner_order()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop", ClipImgTestHost.Json("""
            {"code":0,"msg":"","data":{"preview_url":"https://www.clipimg.com/api/pic/scan/preview/c_preview","download_url":"https://www.clipimg.com/api/pic/scan/download/c","preview_img_name":"c_preview","img_name":"c"}}
            """));

        var result = await host.Client.CropAsync("img_1", Quad.FromRectangle(100, 100, 400, 400), new ClipImgCropOptions { CardType = ClipImgCardType.Document }, Ct);

        var body = Encoding.UTF8.GetString(Assert.Single(host.Requests).Body);
        Assert.Equal("""{"image_id":"img_1","points":[[100,100],[500,100],[500,500],[100,500]],"card_type":7}""", body);
        Assert.Equal("c", result.File.Name);
    }

    [Fact]
    public async Task Layout_of_an_id_card_sends_list_and_shadow_remove_and_returns_one_page()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop_imgs", ClipImgTestHost.Json("""
            {"code":0,"msg":"","data":{"preview_url":"https://www.clipimg.com/api/pic/scan/preview/l_preview","download_url":"https://www.clipimg.com/api/pic/scan/download/l","preview_img_name":"l_preview","img_name":"l"}}
            """));
        var quad = Quad.FromRectangle(0, 0, 10, 20);

        var result = await host.Client.LayoutAsync(new ClipImgLayoutRequest(ClipImgCardType.IdCard, new[] { new ClipImgLayoutItem("front", quad), new ClipImgLayoutItem("back", quad) }), Ct);

        var body = Encoding.UTF8.GetString(Assert.Single(host.Requests).Body);
        Assert.Equal("""{"card_type":1,"list":[{"image_id":"front","points":[[0,0],[10,0],[10,20],[0,20]]},{"image_id":"back","points":[[0,0],[10,0],[10,20],[0,20]]}],"shadow_remove":1}""", body);
        Assert.Equal("l", Assert.Single(result.Pages).Name);
        Assert.Null(result.Pdf);
    }

    [Fact]
    public async Task Layout_of_a_document_returns_pages_and_the_pdf()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop_imgs", ClipImgTestHost.Json("""
            {"code":0,"msg":"","data":{"imgs":[{"preview_url":"u","download_url":"u","preview_img_name":"p1_preview","img_name":"p1"},{"preview_url":"u","download_url":"u","preview_img_name":"p2_preview","img_name":"p2"}],
             "pdf":{"preview_url":"u","download_url":"u","preview_img_name":"d_pdf","img_name":"d_pdf"}}}
            """));
        var quad = Quad.FromRectangle(0, 0, 10, 20);
        var request = new ClipImgLayoutRequest(ClipImgCardType.Document, new[] { new ClipImgLayoutItem("a", quad), new ClipImgLayoutItem("b", quad) })
        {
            PageWidth = 210.5,
            PageHeight = 297,
            RemoveShadow = false,
        };

        var result = await host.Client.LayoutAsync(request, Ct);

        using var json = JsonDocument.Parse(Assert.Single(host.Requests).Body);
        Assert.Equal(210.5, json.RootElement.GetProperty("size_width").GetDouble());
        Assert.Equal(297, json.RootElement.GetProperty("size_height").GetDouble());
        Assert.Equal(0, json.RootElement.GetProperty("shadow_remove").GetInt32());
        Assert.Equal(new[] { "p1", "p2" }, result.Pages.Select(p => p.Name));
        Assert.True(result.Pdf!.IsPdf);
    }

    [Theory]
    [InlineData(ClipImgCardType.IdCard, 1)]
    [InlineData(ClipImgCardType.BankCard, 3)]
    [InlineData(ClipImgCardType.Passport, 2)]
    [InlineData(ClipImgCardType.Document, 10)]
    [InlineData(ClipImgCardType.Document, 0)]
    public async Task Layout_with_the_wrong_image_count_fails_before_sending(ClipImgCardType cardType, int count)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop_imgs", ClipImgTestHost.Json("{}"));
        var items = Enumerable.Range(0, count).Select(i => new ClipImgLayoutItem("id" + i, Quad.FromRectangle(0, 0, 1, 1)));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.LayoutAsync(new ClipImgLayoutRequest(cardType, items), Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains(count.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Custom_page_size_is_refused_for_card_types()
    {
        using var host = new ClipImgTestHost();
        var quad = Quad.FromRectangle(0, 0, 1, 1);
        var request = new ClipImgLayoutRequest(ClipImgCardType.IdCard, new[] { new ClipImgLayoutItem("a", quad), new ClipImgLayoutItem("b", quad) }) { PageWidth = 100 };
        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.LayoutAsync(request, Ct));
        Assert.Contains("Document", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Unsupported_format_and_oversized_image_fail_before_sending_naming_the_limit()
    {
        using var host = new ClipImgTestHost(o => o.MaxImageBytes = 1000);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var pdf = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ImageInput.FromBytes("%PDF-1.4 xx"u8.ToArray()), null, Ct));
        var big = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(1001), null, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, pdf.Kind);
        Assert.Contains("Pdf", pdf.Message, StringComparison.Ordinal);
        Assert.Equal(DocScanErrorKind.InvalidRequest, big.Kind);
        Assert.Contains("1,000 bytes", big.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Preview_is_a_get_and_streams_the_bytes()
    {
        using var host = new ClipImgTestHost();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        host.Answer("GET", "/api/pic/scan/preview/x_preview", () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } },
            Headers = { { "X-Request-Id", "req-7" }, { "Set-Cookie", "session=abc" } },
        });
        var copy = new MemoryStream();

        var file = await host.Client.GetPreviewAsync("x_preview", copy, Ct);

        Assert.Equal(png, copy.ToArray());
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png.Length, file.BytesWritten);
        Assert.Equal("GetPreview", file.Operation);
        Assert.Equal("req-7", file.RequestId);
        Assert.Equal("req-7", file.ResponseHeaders["x-request-id"]);
        Assert.False(file.ResponseHeaders.ContainsKey("Set-Cookie"));
        Assert.Equal(ClipImgTestHost.ApiKey, Assert.Single(Assert.Single(host.Requests).Request.Headers.GetValues("X-API-Key")));
    }

    [Fact]
    public async Task Download_is_a_post_with_the_key_and_an_empty_body()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/download/doc_pdf", () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent("%PDF-1.7"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } },
        });

        var copy = new MemoryStream();

        var file = await host.Client.DownloadAsync("doc_pdf", copy, Ct);

        Assert.Equal("%PDF-1.7", Encoding.ASCII.GetString(copy.ToArray()));
        Assert.Equal("application/pdf", file.ContentType);
        var sent = Assert.Single(host.Requests);
        Assert.Empty(sent.Body);
        Assert.Equal(ClipImgTestHost.ApiKey, Assert.Single(sent.Request.Headers.GetValues("X-API-Key")));
    }
}
