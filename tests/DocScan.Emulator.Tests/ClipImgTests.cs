using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using UglyToad.PdfPig;
using static DocScan.Emulator.Tests.Support;

namespace DocScan.Emulator.Tests;

public sealed class ClipImgTests
{
    private static readonly (string, string) Key = ("X-API-Key", EmulatorCredentials.ClipImgApiKey);

    private static async Task<JsonObject> ScanAsync(HttpClient http, (string, string)? key = null)
    {
        using var response = await http.SendAsync(Post("/api/pic/scan", Json(new { file = Convert.ToBase64String(PngImage()), card_type = 7 }), key ?? Key), Ct);
        var body = await ReadJsonAsync(response);
        Assert.Equal(0, (int)body["code"]!);
        return (JsonObject)body["data"]!;
    }

    [Fact]
    public async Task Every_endpoint_refuses_a_missing_or_unknown_api_key()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        foreach (var (method, path) in new[] { ("POST", "/api/pic/scan"), ("POST", "/api/pic/scan/auto_crop"), ("POST", "/api/pic/scan/auto_crop_imgs"), ("GET", "/api/pic/scan/preview/x_preview"), ("POST", "/api/pic/scan/download/x") })
        {
            using var missing = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{}") : null };
            request.Headers.Add("X-API-Key", "wrong");
            using var wrong = await http.SendAsync(request, Ct);
            Assert.Equal(401, (int)(await ReadJsonAsync(wrong))["code"]!);
        }
    }

    [Theory]
    [InlineData("{\"file\":\"data:image/png;base64,iVBORw0KGgo=\"}", "Base64")]
    [InlineData("{\"file\":\"\"}", "文件数据为空")]
    [InlineData("{\"file\":\"iVBORw0KGgo=\",\"card_type\":8}", "card_type")]
    [InlineData("{\"file\":\"iVBORw0KGgo=\",\"card_type\":\"7\"}", "card_type")]
    [InlineData("{\"file\":\"aGVsbG8gd29ybGQ=\"}", "无法解析图片数据")]
    public async Task Scan_answers_code_400_for_bad_fields(string body, string messagePart)
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        using var response = await http.SendAsync(Post("/api/pic/scan", Json(body), Key), Ct);
        var json = await ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, (int)json["code"]!);
        Assert.Contains(messagePart, (string)json["msg"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_call_within_one_second_is_throttled_and_the_next_second_is_not()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(time: clock);
        using var http = Client(emulator.ClipImgBaseAddress);
        await ScanAsync(http);
        using (var early = await http.SendAsync(Post("/api/pic/scan", Json(new { file = Convert.ToBase64String(PngImage()) }), Key), Ct))
        {
            Assert.Equal((HttpStatusCode)429, early.StatusCode);
            Assert.Equal(429, (int)(await ReadJsonAsync(early))["code"]!);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        await ScanAsync(http);
        Assert.Equal(1, emulator.Counters.Throttled(EmulatorVendor.ClipImg));
    }

    [Fact]
    public async Task The_21st_call_inside_a_minute_is_throttled_even_when_spaced_a_second_apart()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(time: clock);
        using var http = Client(emulator.ClipImgBaseAddress);
        for (int i = 0; i < 20; i++)
        {
            await ScanAsync(http);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        using (var response = await http.SendAsync(Post("/api/pic/scan", Json(new { file = Convert.ToBase64String(PngImage()) }), Key), Ct))
        {
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(40)); // 60 s after the first call
        await ScanAsync(http);
    }

    [Fact]
    public async Task Scan_preview_and_download_serve_real_pngs_and_download_charges_20_points_once()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        var data = await ScanAsync(http);
        var points = data["points"]!.AsArray();
        Assert.Equal(4, points.Count);
        Assert.True((int)points[0]![0]! < (int)points[1]![0]!, "corners start top-left, then top-right");
        var files = data["filenames"]!;
        Assert.StartsWith(emulator.ClipImgBaseAddress.ToString(), (string)files["preview_url"]!, StringComparison.Ordinal);

        var preview = new HttpRequestMessage(HttpMethod.Get, "/api/pic/scan/preview/" + (string)files["preview_img_name"]!);
        preview.Headers.Add("X-API-Key", EmulatorCredentials.ClipImgApiKey);
        using (var response = await http.SendAsync(preview, Ct))
        {
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
            Assert.True(IsPng(await response.Content.ReadAsByteArrayAsync(Ct), out _, out _));
        }

        int before = emulator.GetClipImgPoints();
        for (int i = 0; i < 2; i++)
        {
            using var response = await http.SendAsync(Post("/api/pic/scan/download/" + (string)files["img_name"]!, null, Key), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(IsPng(await response.Content.ReadAsByteArrayAsync(Ct), out int width, out _));
            Assert.True(width > 100);
        }

        Assert.Equal(before - 20, emulator.GetClipImgPoints());
        var downloads = (await emulator.Requests.CompletedAsync(emulator.Requests.Count, Ct)).Where(r => r.Path.Contains("/download/", StringComparison.Ordinal)).ToList();
        Assert.Equal([true, false], downloads.Select(d => d.Charged));
    }

    [Fact]
    public async Task Download_with_no_points_left_answers_code_402_and_preview_stays_free()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        var noPoints = ("X-API-Key", EmulatorCredentials.ClipImgNoPointsApiKey);
        var files = (await ScanAsync(http, noPoints))["filenames"]!;
        using var download = await http.SendAsync(Post("/api/pic/scan/download/" + (string)files["img_name"]!, null, noPoints), Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, download.StatusCode);
        Assert.Equal(402, (int)(await ReadJsonAsync(download))["code"]!);

        var preview = new HttpRequestMessage(HttpMethod.Get, "/api/pic/scan/preview/" + (string)files["preview_img_name"]!);
        preview.Headers.Add("X-API-Key", EmulatorCredentials.ClipImgNoPointsApiKey);
        using var free = await http.SendAsync(preview, Ct);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task Results_and_image_ids_expire_after_one_hour_with_code_404()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null, clock);
        using var http = Client(emulator.ClipImgBaseAddress);
        var data = await ScanAsync(http);
        clock.Advance(TimeSpan.FromMinutes(59));
        using (var fresh = await http.SendAsync(Post("/api/pic/scan/download/" + (string)data["filenames"]!["img_name"]!, null, Key), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        using (var expired = await http.SendAsync(Post("/api/pic/scan/download/" + (string)data["filenames"]!["img_name"]!, null, Key), Ct))
        {
            Assert.Equal(404, (int)(await ReadJsonAsync(expired))["code"]!);
        }

        using var crop = await http.SendAsync(Post("/api/pic/scan/auto_crop", Json(new { image_id = (string)data["image_id"]!, points = new[] { new[] { 10, 10 }, new[] { 300, 10 }, new[] { 300, 200 }, new[] { 10, 200 } } }), Key), Ct);
        Assert.Equal(404, (int)(await ReadJsonAsync(crop))["code"]!);
    }

    [Fact]
    public async Task Crop_checks_the_points_lie_on_the_original_image()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        string id = (string)(await ScanAsync(http))["image_id"]!;
        using var outside = await http.SendAsync(Post("/api/pic/scan/auto_crop", Json(new { image_id = id, points = new[] { new[] { 0, 0 }, new[] { 401, 0 }, new[] { 401, 300 }, new[] { 0, 300 } } }), Key), Ct);
        Assert.Equal(400, (int)(await ReadJsonAsync(outside))["code"]!);

        using var inside = await http.SendAsync(Post("/api/pic/scan/auto_crop", Json(new { image_id = id, points = new[] { new[] { 0, 0 }, new[] { 200, 0 }, new[] { 200, 100 }, new[] { 0, 100 } } }), Key), Ct);
        var data = (await ReadJsonAsync(inside))["data"]!;
        using var download = await http.SendAsync(Post("/api/pic/scan/download/" + (string)data["img_name"]!, null, Key), Ct);
        Assert.True(IsPng(await download.Content.ReadAsByteArrayAsync(Ct), out int width, out int height));
        Assert.Equal((200, 100), (width, height));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(3, 2)]
    [InlineData(7, 1)]
    [InlineData(7, 10)]
    public async Task Layout_enforces_the_documented_list_length_per_card_type(int cardType, int count)
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        string id = (string)(await ScanAsync(http))["image_id"]!;
        var item = new { image_id = id, points = new[] { new[] { 0, 0 }, new[] { 100, 0 }, new[] { 100, 100 }, new[] { 0, 100 } } };
        using var response = await http.SendAsync(Post("/api/pic/scan/auto_crop_imgs", Json(new { card_type = cardType, list = Enumerable.Repeat(item, count) }), Key), Ct);
        Assert.Equal(400, (int)(await ReadJsonAsync(response))["code"]!);
    }

    [Fact]
    public async Task Id_card_layout_returns_one_a4_image()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        string id = (string)(await ScanAsync(http))["image_id"]!;
        var item = new { image_id = id, points = new[] { new[] { 0, 0 }, new[] { 100, 0 }, new[] { 100, 60 }, new[] { 0, 60 } } };
        using var response = await http.SendAsync(Post("/api/pic/scan/auto_crop_imgs", Json(new { card_type = 1, list = new[] { item, item } }), Key), Ct);
        var data = (await ReadJsonAsync(response))["data"]!;
        Assert.Null(data["imgs"]);
        using var download = await http.SendAsync(Post("/api/pic/scan/download/" + (string)data["img_name"]!, null, Key), Ct);
        Assert.True(IsPng(await download.Content.ReadAsByteArrayAsync(Ct), out int width, out int height));
        Assert.Equal(1.414, (double)height / width, 2);
    }

    [Fact]
    public async Task Document_layout_returns_page_images_and_a_multi_page_pdf_a_reader_opens()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        string id = (string)(await ScanAsync(http))["image_id"]!;
        var item = new { image_id = id, points = new[] { new[] { 0, 0 }, new[] { 100, 0 }, new[] { 100, 100 }, new[] { 0, 100 } } };
        using var response = await http.SendAsync(Post("/api/pic/scan/auto_crop_imgs", Json(new { card_type = 7, list = new[] { item, item, item } }), Key), Ct);
        var data = (await ReadJsonAsync(response))["data"]!;
        Assert.Equal(3, data["imgs"]!.AsArray().Count);
        string pdfName = (string)data["pdf"]!["img_name"]!;
        Assert.EndsWith("_pdf", pdfName, StringComparison.Ordinal);
        Assert.EndsWith("_pdf", (string)data["pdf"]!["preview_img_name"]!, StringComparison.Ordinal);

        using var download = await http.SendAsync(Post("/api/pic/scan/download/" + pdfName, null, Key), Ct);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(3, pdf.NumberOfPages);
        var page = pdf.GetPage(2);
        Assert.Equal(595, page.Width, 0);
        Assert.Equal(842, page.Height, 0);
        Assert.Contains("page 2 of 3", page.Text, StringComparison.Ordinal);
        var image = Assert.Single(page.GetImages());
        Assert.Equal(1240, image.WidthInSamples);
        Assert.True(image.TryGetPng(out var png));
        Assert.NotEmpty(png);
    }
}
