using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.EndToEnd;

/// <summary>ClipImg's ID-card flow, through the container, against the emulator, with the vendor's real quota (1/s) on both sides.</summary>
public class ClipImgIdCardTests
{
    [Fact]
    public async Task Id_card_front_and_back_are_scanned_cropped_laid_out_on_one_A4_page_previewed_and_downloaded()
    {
        await using var env = await EmulatedHost.StartAsync();
        var clip = env.ClipImg;
        var ct = EmulatedHost.Ct;
        var idCard = new ClipImgScanOptions { CardType = ClipImgCardType.IdCard };

        var front = await clip.ScanAsync(ImageInput.FromBytes(TestImages.Png(640, 400, seed: 1), "front.png"), idCard, ct);
        var back = await clip.ScanAsync(ImageInput.FromBytes(TestImages.Png(640, 400, seed: 2), "back.png"), idCard, ct);
        Assert.NotEqual(front.ImageId, back.ImageId);
        Assert.False(string.IsNullOrEmpty(front.File.PreviewName));

        // A manual re-crop of the front by corners inside the original photo, then its free preview.
        var crop = await clip.CropAsync(front.ImageId, Quad.FromRectangle(20, 20, 560, 360), new ClipImgCropOptions { CardType = ClipImgCardType.IdCard }, ct);
        {
            var bytes = await ReadAllAsync((d, c) => clip.GetPreviewAsync(crop.File.PreviewName, d, c));
            Assert.True(TestImages.IsValidPng(bytes, out _, out _, out var problem), problem);
        }

        var layout = await clip.LayoutAsync(
            new ClipImgLayoutRequest(ClipImgCardType.IdCard, [new(front.ImageId, front.Corners), new(back.ImageId, back.Corners)]),
            ct);
        var page = Assert.Single(layout.Pages);
        Assert.Null(layout.Pdf);

        int pointsBefore = env.Emulator.GetClipImgPoints();
        {
            var bytes = await ReadAllAsync((d, c) => clip.DownloadAsync(page.Name, d, c));
            Assert.True(TestImages.IsValidPng(bytes, out int width, out int height, out var problem), problem);
            Assert.True(height > width, $"an A4 page is portrait; got {width}x{height}");
        }

        Assert.Equal(pointsBefore - 20, env.Emulator.GetClipImgPoints());

        // A repeat download of the same name is free, so the SDK may retry it like a free call.
        Assert.True(TestImages.IsValidPng(await ReadAllAsync((d, c) => clip.DownloadAsync(page.Name, d, c)), out _, out _, out var again), again);

        Assert.Equal(pointsBefore - 20, env.Emulator.GetClipImgPoints());

        var log = await env.CompletedLogAsync(EmulatorVendor.ClipImg);
        Assert.Equal(7, log.Count);
        Assert.All(log, r => Assert.Equal(EmulatorCredentials.ClipImgApiKey, r.Header("X-API-Key")));
        Assert.All(log, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(0, env.Emulator.Counters.Throttled(EmulatorVendor.ClipImg));
    }

    internal static async Task<byte[]> ReadAllAsync<T>(Func<Stream, System.Threading.CancellationToken, Task<T>> download)
        where T : DocScanResult
    {
        using var buffer = new MemoryStream();
        var result = await download(buffer, EmulatedHost.Ct);
        long written = result is ClipImgDownloadResult d ? d.BytesWritten : ((ClipImgGetPreviewResult)(object)result).BytesWritten;
        Assert.Equal(buffer.Length, written);
        if (result.ResponseHeaders.TryGetValue("Content-Length", out var declared))
        {
            Assert.Equal(declared, buffer.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return buffer.ToArray();
    }
}
