using System;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.EndToEnd;

public class AliyunIqsTests
{
    [Fact]
    public async Task ScanFile_sends_the_image_bytes_and_returns_a_page_that_is_a_valid_png_of_the_stated_size()
    {
        await using var env = await EmulatedHost.StartAsync();

        var result = await env.AliyunIqs.ScanFileAsync(
            ImageInput.FromBytes(TestImages.Png(900, 600, seed: 4)),
            new AliyunIqsScanFileOptions { AutoCrop = true, AutoRotate = AliyunIqsScanSetting.Force },
            EmulatedHost.Ct);

        var page = Assert.Single(result.Pages);
        Assert.Equal(ImageFormat.Png, page.Format);
        Assert.True(TestImages.IsValidPng(page.Image.Span, out int width, out int height, out var problem), problem);
        Assert.Equal((page.Width, page.Height), (width, height));
        Assert.Equal((900, 600), (width, height));

        var request = Assert.Single(await env.CompletedLogAsync(EmulatorVendor.AliyunIqs));
        Assert.Equal("Bearer " + EmulatorCredentials.AliyunIqsApiKey, request.Header("Authorization"));
        Assert.Equal(200, request.StatusCode);
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.AliyunIqs));
    }

    [Fact]
    public async Task ScanFile_sends_a_url_for_the_service_to_fetch_and_returns_a_valid_png_page()
    {
        await using var env = await EmulatedHost.StartAsync();

        var result = await env.AliyunIqs.ScanFileAsync(ImageInput.FromUrl("https://files.example.com/contract-page-1.jpg"), null, EmulatedHost.Ct);

        var page = Assert.Single(result.Pages);
        Assert.True(TestImages.IsValidPng(page.Image.Span, out int width, out int height, out var problem), problem);
        Assert.True(width > 0 && height > 0);

        var request = Assert.Single(await env.CompletedLogAsync(EmulatorVendor.AliyunIqs));
        Assert.True(request.BodyBytes < 1024, $"a URL request carries no image; the body was {request.BodyBytes} bytes");
        Assert.Equal(200, request.StatusCode);
    }
}
