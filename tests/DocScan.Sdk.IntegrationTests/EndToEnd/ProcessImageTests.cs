using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;
using DocScan.Sdk.ProcessImage;

namespace DocScan.Sdk.IntegrationTests.EndToEnd;

/// <summary>processimage.cn in both auth modes: signature (MD5 over the image) and token (from the emulator's token endpoint).</summary>
public class ProcessImageTests
{
    private static Task<EmulatedHost> StartAsync(string authMode)
        => EmulatedHost.StartAsync(settings: emu => authMode == "Token" ? EmulatedHost.ProcessImageTokenMode(emu) : []);

    [Theory]
    [InlineData("Signature")]
    [InlineData("Token")]
    public async Task Watermark_removal_returns_an_image_url_whose_download_is_a_valid_image_and_a_repeat_comes_from_the_cache(string authMode)
    {
        await using var env = await StartAsync(authMode);
        var image = TestImages.Png(500, 400, seed: 6);

        var result = await env.ProcessImage.RemoveWatermarkAsync(ImageInput.FromBytes(image, "page.png"), null, EmulatedHost.Ct);

        Assert.Equal(0, result.ProcessStatus);
        Assert.False(result.FromCache);
        Assert.NotNull(result.ImageUrl);
        Assert.NotEmpty(result.Regions);
        Assert.NotNull(result.Usage?.Remaining);

        using var downloaded = new MemoryStream();
        var download = await env.ProcessImage.DownloadImageAsync(result.ImageUrl!, downloaded, EmulatedHost.Ct);
        Assert.Equal(downloaded.Length, download.BytesWritten);
        Assert.True(TestImages.IsValidPng(downloaded.ToArray(), out int width, out int height, out var problem), problem);
        Assert.Equal((500, 400), (width, height));

        var repeat = await env.ProcessImage.RemoveWatermarkAsync(ImageInput.FromBytes(image, "page.png"), null, EmulatedHost.Ct);
        Assert.True(repeat.FromCache);
        Assert.Equal(result.ImageUrl, repeat.ImageUrl);
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.ProcessImage));

        await AssertAuthModeAsync(env, authMode);
    }

    [Theory]
    [InlineData("Signature")]
    [InlineData("Token")]
    public async Task Detection_returns_the_watermark_regions_without_an_image_url(string authMode)
    {
        await using var env = await StartAsync(authMode);

        var result = await env.ProcessImage.DetectAsync(ImageInput.FromBytes(TestImages.Png(500, 400, seed: 7)), null, EmulatedHost.Ct);

        Assert.Equal(52006, result.ProcessStatus);
        Assert.NotEmpty(result.Regions);
        Assert.All(result.Regions, r => Assert.True(r.Width > 0 && r.Height > 0));
        await AssertAuthModeAsync(env, authMode);
    }

    [Theory]
    [InlineData("Signature")]
    [InlineData("Token")]
    public async Task Asynchronous_submission_is_acknowledged_at_once_and_the_result_arrives_at_the_callback_url(string authMode)
    {
        await using var receiver = await CallbackReceiver.StartAsync(EmulatedHost.Ct);
        await using var env = await StartAsync(authMode);

        var ack = await env.ProcessImage.SubmitAsync(ImageInput.FromBytes(TestImages.Png(500, 400, seed: 8)), receiver.Url, null, EmulatedHost.Ct);

        Assert.Equal(52000, ack.ProcessStatus);

        var (path, body) = await receiver.NextAsync(TimeSpan.FromSeconds(15), EmulatedHost.Ct);
        Assert.Equal(receiver.Url.AbsolutePath, path);
        var delivered = ProcessImageCallback.Parse(body);
        Assert.NotNull(delivered.ImageUrl);
        Assert.NotEmpty(delivered.Regions);
        Assert.Equal(ack.ImageIdentifier, delivered.ImageIdentifier);

        // The processed image named by the callback downloads like a synchronous result.
        using var downloaded = new MemoryStream();
        await env.ProcessImage.DownloadImageAsync(delivered.ImageUrl!, downloaded, EmulatedHost.Ct);
        Assert.True(TestImages.IsValidPng(downloaded.ToArray(), out _, out _, out var problem), problem);

        // The emulator records a delivery once our endpoint has answered it, just after we received the body.
        await EmulatedHost.WaitUntilAsync(() => env.Emulator.ProcessImageCallbacks.Count > 0);
        var delivery = Assert.Single(env.Emulator.ProcessImageCallbacks);
        Assert.True(delivery.Delivered);
        Assert.Equal(1, delivery.Attempts);
        await AssertAuthModeAsync(env, authMode);
    }

    /// <summary>Every watermark call carried the credentials of the mode, and only those; token mode fetched one token.</summary>
    private static async Task AssertAuthModeAsync(EmulatedHost env, string authMode)
    {
        var calls = (await env.CompletedLogAsync(EmulatorVendor.ProcessImage)).Where(r => r.Path == ProcessImageClientOptions.DefaultPath).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, r => Assert.Equal(200, r.StatusCode));
        if (authMode == "Token")
        {
            Assert.All(calls, r => Assert.Matches("^[0-9a-f]{32}$", r.Header("x-access-api-token")));
            Assert.All(calls, r => Assert.Null(r.Header("x-access-api-sign")));
            Assert.Equal(1, env.Emulator.Counters.ProcessImageTokenFetches);
        }
        else
        {
            Assert.All(calls, r => Assert.Matches("^[0-9a-f]{32}$", r.Header("x-access-api-sign")));
            Assert.All(calls, r => Assert.Null(r.Header("x-access-api-token")));
            Assert.Equal(0, env.Emulator.Counters.ProcessImageTokenFetches);
        }
    }
}
