using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.IntegrationTests.Support;
using UglyToad.PdfPig;

namespace DocScan.Sdk.IntegrationTests.EndToEnd;

/// <summary>ClipImg's document flow: three scanned pages laid out as page images and a PDF.</summary>
public class ClipImgDocumentTests
{
    [Fact]
    public async Task A_three_page_document_is_laid_out_as_three_pages_and_a_pdf_that_a_pdf_reader_opens()
    {
        await using var env = await EmulatedHost.StartAsync();
        var clip = env.ClipImg;
        var ct = EmulatedHost.Ct;

        var scans = new ClipImgScanResult[3];
        for (int i = 0; i < scans.Length; i++)
        {
            scans[i] = await clip.ScanAsync(ImageInput.FromBytes(TestImages.Png(480, 640, seed: 10 + i)), null, ct);
        }

        var layout = await clip.LayoutAsync(
            new ClipImgLayoutRequest(ClipImgCardType.Document, scans.Select(s => new ClipImgLayoutItem(s.ImageId, s.Corners))),
            ct);

        Assert.Equal(3, layout.Pages.Count);
        Assert.All(layout.Pages, p => Assert.False(p.IsPdf));
        Assert.NotNull(layout.Pdf);
        Assert.True(layout.Pdf!.IsPdf);

        using var pdf = new MemoryStream();
        var download = await clip.DownloadAsync(layout.Pdf.Name, pdf, ct);
        Assert.Equal("application/pdf", download.ContentType);
        Assert.Equal(pdf.Length, download.BytesWritten);
        var bytes = pdf.ToArray();
        using (var document = PdfDocument.Open(bytes))
        {
            Assert.Equal(3, document.NumberOfPages);
            Assert.All(document.GetPages(), p => Assert.NotEmpty(p.GetImages()));
        }

        var layoutRequest = (await env.CompletedLogAsync(EmulatorVendor.ClipImg)).Single(r => r.Path == "/api/pic/scan/auto_crop_imgs");
        Assert.Equal(200, layoutRequest.StatusCode);
        Assert.Equal(0, env.Emulator.Counters.Throttled(EmulatorVendor.ClipImg));
    }
}
