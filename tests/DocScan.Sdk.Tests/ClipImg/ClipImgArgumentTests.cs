using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;

namespace DocScan.Sdk.Tests.ClipImg;

/// <summary>Arguments ClipImg cannot take are refused before anything is sent, naming what is wrong.</summary>
public class ClipImgArgumentTests
{
    private static readonly Quad Square = Quad.FromRectangle(0, 0, 10, 10);

    private static System.Threading.CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, Quad> BadCorners => new()
    {
        { "corners.TopLeft", new Quad(new(double.NaN, 0), new(10, 0), new(10, 10), new(0, 10)) },
        { "corners.TopRight", new Quad(new(0, 0), new(double.PositiveInfinity, 0), new(10, 10), new(0, 10)) },
        { "corners.BottomLeft", new Quad(new(0, 0), new(10, 0), new(10, 10), new(0, double.NegativeInfinity)) },
        // 1e308 + 1e308 overflows to +∞ inside FromRectangle.
        { "corners.TopRight", Quad.FromRectangle(1e308, 0, 1e308, 10) },
    };

    [Theory]
    [MemberData(nameof(BadCorners))]
    public async Task Crop_refuses_non_finite_corners_as_invalid_request_naming_the_corner(string expected, Quad corners)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop", ClipImgTestHost.Json("{}"));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.CropAsync("img_1", corners, null, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Attempts);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Layout_refuses_non_finite_corners_naming_the_item()
    {
        using var host = new ClipImgTestHost();
        var bad = Quad.FromRectangle(0, 0, double.NaN, 10);
        var request = new ClipImgLayoutRequest(ClipImgCardType.IdCard, new[] { new ClipImgLayoutItem("front", Square), new ClipImgLayoutItem("back", bad) });

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.LayoutAsync(request, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("request.Items[1].Corners.TopRight", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Theory]
    [InlineData(double.NaN, 297.0, "request.PageWidth")]
    [InlineData(210.0, double.PositiveInfinity, "request.PageHeight")]
    [InlineData(double.NegativeInfinity, 297.0, "request.PageWidth")]
    [InlineData(0.0, 297.0, "request.PageWidth")]
    public async Task Layout_refuses_page_sizes_that_are_not_positive_finite_numbers_naming_the_property(double width, double height, string expected)
    {
        using var host = new ClipImgTestHost();
        var request = new ClipImgLayoutRequest(ClipImgCardType.Document, new[] { new ClipImgLayoutItem("a", Square) }) { PageWidth = width, PageHeight = height };

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.LayoutAsync(request, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(99)]
    [InlineData(-1)]
    public async Task Scan_refuses_card_types_outside_1_to_7_before_sending(int cardType)
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var e = await Assert.ThrowsAsync<DocScanException>(
            () => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), new ClipImgScanOptions { CardType = (ClipImgCardType)cardType }, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("options.CardType", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Crop_refuses_an_undefined_card_type_before_sending()
    {
        using var host = new ClipImgTestHost();

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.CropAsync("img_1", Square, new ClipImgCropOptions { CardType = (ClipImgCardType)99 }, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("options.CardType 99", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Theory]
    [InlineData(257, "a")]
    [InlineData(0, "id\u0000x")]
    [InlineData(0, "id\nx")]
    public async Task Crop_refuses_image_ids_that_are_too_long_or_hold_control_characters(int length, string id)
    {
        using var host = new ClipImgTestHost();
        string imageId = length > 0 ? new string('a', length) : id;

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.CropAsync(imageId, Square, null, Ct));

        Assert.Equal("imageId", e.ParamName);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Layout_refuses_an_image_id_over_256_characters_naming_the_item()
    {
        using var host = new ClipImgTestHost();
        var request = new ClipImgLayoutRequest(ClipImgCardType.Passport, new[] { new ClipImgLayoutItem(new string('x', 257), Square) });

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.LayoutAsync(request, Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("request.Items[0].ImageId", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task An_image_id_of_256_characters_is_sent()
    {
        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan/auto_crop", ClipImgTestHost.Json("""{"code":0,"msg":"","data":{"img_name":"c"}}"""));

        var result = await host.Client.CropAsync(new string('a', 256), Square, null, Ct);

        Assert.Equal("c", result.File.Name);
        Assert.Single(host.Requests);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("..\\x")]
    [InlineData("%2e%2e")]
    [InlineData("%2E")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("a\u0000")]
    [InlineData("名字")]
    [InlineData("")]
    public async Task Preview_and_download_refuse_names_that_would_change_or_leave_the_path_segment(string name)
    {
        using var host = new ClipImgTestHost();

        var preview = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.GetPreviewAsync(name, Stream.Null, Ct));
        var download = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.DownloadAsync(name, Stream.Null, Ct));

        Assert.Equal("previewName", preview.ParamName);
        Assert.Equal("name", download.ParamName);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Preview_and_download_refuse_names_over_256_characters()
    {
        using var host = new ClipImgTestHost();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.DownloadAsync(new string('a', 257), Stream.Null, Ct));

        Assert.Empty(host.Requests);
    }

    [Theory]
    [InlineData("xxx_scan_crop_preview")]
    [InlineData("d_pdf")]
    [InlineData("a.b-c~d")]
    public async Task Vendor_style_names_go_out_as_one_unchanged_path_segment(string name)
    {
        using var host = new ClipImgTestHost();
        host.Answer("GET", "/api/pic/scan/preview/" + name, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(new byte[] { 0xFF, 0xD8, 0xFF }) { Headers = { ContentType = new("image/jpeg") } },
        });

        await host.Client.GetPreviewAsync(name, Stream.Null, Ct);

        Assert.Equal("/api/pic/scan/preview/" + name, Assert.Single(host.Requests).Request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_bare_http_509_that_never_clears_fails_like_body_code_509()
    {
        using var host = new ClipImgTestHost(o => o.Retry.MaxRetries = 1);
        host.Answer("POST", "/api/pic/scan/download/d", () => new HttpResponseMessage((HttpStatusCode)509));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.DownloadAsync("d", Stream.Null, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal("509", e.VendorCode);
        Assert.Equal(509, e.HttpStatus);
        Assert.True(e.IsTransient);
        Assert.Contains("not processed", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, host.Requests.Count);
    }
}
