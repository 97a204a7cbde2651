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
        var crop = await clip.CropAsync(front.ImageId, Quad.FromRectangle(20, 20, 560, 360), ClipImgCardType.IdCard, ct);
        using (var preview = await clip.GetPreviewAsync(crop.File.PreviewName, ct))
        {
            var bytes = await ReadAllAsync(preview);
            Assert.True(TestImages.IsValidPng(bytes, out _, out _, out var problem), problem);
        }

        var layout = await clip.LayoutAsync(
            new ClipImgLayoutRequest(ClipImgCardType.IdCard, [new(front.ImageId, front.Corners), new(back.ImageId, back.Corners)]),
            ct);
        var page = Assert.Single(layout.Pages);
        Assert.Null(layout.Pdf);

        int pointsBefore = env.Emulator.GetClipImgPoints();
        using (var download = await clip.DownloadAsync(page.Name, ct))
        {
            var bytes = await ReadAllAsync(download);
            Assert.True(TestImages.IsValidPng(bytes, out int width, out int height, out var problem), problem);
            Assert.True(height > width, $"an A4 page is portrait; got {width}x{height}");
        }

        Assert.Equal(pointsBefore - 20, env.Emulator.GetClipImgPoints());

        // A repeat download of the same name is free, so the SDK may retry it like a free call.
        using (var again = await clip.DownloadAsync(page.Name, ct))
        {
            Assert.True(TestImages.IsValidPng(await ReadAllAsync(again), out _, out _, out var problem), problem);
        }

        Assert.Equal(pointsBefore - 20, env.Emulator.GetClipImgPoints());

        var log = await env.CompletedLogAsync(EmulatorVendor.ClipImg);
        Assert.Equal(7, log.Count);
        Assert.All(log, r => Assert.Equal(EmulatorCredentials.ClipImgApiKey, r.Header("X-API-Key")));
        Assert.All(log, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(0, env.Emulator.Counters.Throttled(EmulatorVendor.ClipImg));
    }

    internal static async Task<byte[]> ReadAllAsync(ClipImgFileContent content)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, EmulatedHost.Ct);
        Assert.True(content.Length is null || content.Length == buffer.Length, $"declared {content.Length} bytes, read {buffer.Length}");
        return buffer.ToArray();
    }
}
