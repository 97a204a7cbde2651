using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;

namespace DocScan.Samples;

/// <summary>What one step did: a one-line summary, the HTTP attempts its calls took, and the file it wrote.</summary>
internal sealed record StepOutcome(string Summary, int Attempts, string? OutputFile);

/// <summary>
/// The sample's jobs, one method per step. Each uses only the public SDK: the same code runs against the real
/// services and the emulator. Inputs come from <c>assets/</c>, outputs go to <paramref name="output"/>.
/// </summary>
internal sealed class Steps(
    IClipImgClient clipImg,
    IQingyangClient qingyang,
    IProcessImageClient processImage,
    IAliyunIqsClient aliyunIqs,
    IEsignClient esign,
    string assets,
    string output)
{
    private ImageInput Asset(string name) => ImageInput.FromFile(Path.Combine(assets, name));

    private string Output(string name) => Path.Combine(output, name);

    /// <summary>ClipImg: scan a photo of a receipt (edges found, cropped, straightened) and save its free preview.</summary>
    public async Task<StepOutcome> ScanPhotoAsync(CancellationToken ct)
    {
        ClipImgScanResult scan = await clipImg.ScanAsync(Asset("document-photo.png"), cancellationToken: ct);

        // The preview is free (watermarked); DownloadAsync would fetch the clean image for 20 points.
        var (file, preview) = await SaveAsync("clipimg-scan-preview", ".png", s => clipImg.GetPreviewAsync(scan.File.PreviewName, s, ct), r => r.ContentType);

        var c = scan.Corners;
        return new($"page found, corners {c.TopLeft} … {c.BottomRight}", scan.Attempts + preview.Attempts, file);
    }

    /// <summary>ClipImg: scan an ID card's front and back, lay both onto one A4 page and download it.</summary>
    public async Task<StepOutcome> IdCardOnA4Async(CancellationToken ct)
    {
        var asIdCard = new ClipImgScanOptions { CardType = ClipImgCardType.IdCard };
        ClipImgScanResult front = await clipImg.ScanAsync(Asset("idcard-front.png"), asIdCard, ct);
        ClipImgScanResult back = await clipImg.ScanAsync(Asset("idcard-back.png"), asIdCard, ct);

        ClipImgLayoutResult layout = await clipImg.LayoutAsync(
            new ClipImgLayoutRequest(ClipImgCardType.IdCard, [new(front.ImageId, front.Corners), new(back.ImageId, back.Corners)]),
            ct);

        var (file, page) = await SaveAsync("clipimg-idcard-a4", ".png", s => clipImg.DownloadAsync(layout.Pages[0].Name, s, ct), r => r.ContentType); // charged: 20 points
        return new($"front + back on one A4 page, {Kilobytes(page.BytesWritten)}", front.Attempts + back.Attempts + layout.Attempts + page.Attempts, file);
    }

    /// <summary>ClipImg: scan three photographed pages, lay them out as a document and download the PDF.</summary>
    public async Task<StepOutcome> ContractToPdfAsync(CancellationToken ct)
    {
        var asDocument = new ClipImgScanOptions { CardType = ClipImgCardType.Document };
        var items = new ClipImgLayoutItem[3];
        int attempts = 0;
        for (int i = 0; i < items.Length; i++)
        {
            ClipImgScanResult scan = await clipImg.ScanAsync(Asset($"contract-page-{i + 1}.png"), asDocument, ct);
            items[i] = new(scan.ImageId, scan.Corners);
            attempts += scan.Attempts;
        }

        ClipImgLayoutResult layout = await clipImg.LayoutAsync(new ClipImgLayoutRequest(ClipImgCardType.Document, items), ct);
        ClipImgFile pdf = layout.Pdf ?? throw new InvalidOperationException("ClipImg returned no PDF for a document layout.");

        var (file, content) = await SaveAsync("clipimg-contract", ".pdf", s => clipImg.DownloadAsync(pdf.Name, s, ct), r => r.ContentType); // charged: 20 points
        return new($"{layout.Pages.Count} pages laid out on A4, PDF {Kilobytes(content.BytesWritten)}", attempts + layout.Attempts + content.Attempts, file);
    }

    /// <summary>Qingyang: read the fields of an ID card (a certificate) and save them as JSON.</summary>
    public async Task<StepOutcome> ReadCertificateAsync(CancellationToken ct)
    {
        QingyangRecognizeResult result = await qingyang.RecognizeAsync(
            Asset("idcard-front.png"),
            new QingyangRecognizeOptions { Category = QingyangCategory.IdCard },
            ct);

        string file = Output("qingyang-certificate.json");
        await using (var stream = File.Create(file))
        await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (QingyangDocument document in result.Documents)
            {
                document.Json.WriteTo(json);
            }

            json.WriteEndArray();
        }

        string summary = result.Documents.Count == 0
            ? "no card recognised"
            : result.Documents[0].AsIdCardFront() is { } card
                ? $"{card.Document.TypeName}: {card.Name}, {card.IdNumber}"
                : $"{result.Documents[0].TypeName}, {result.Documents[0].Fields.Count} fields";
        return new(summary, result.Attempts, file);
    }

    /// <summary>processimage.cn: remove the text watermark from a picture and download the cleaned image.</summary>
    public async Task<StepOutcome> RemoveWatermarkAsync(CancellationToken ct)
    {
        ProcessImageRemoveWatermarkResult result = await processImage.RemoveWatermarkAsync(Asset("watermarked.png"), cancellationToken: ct);
        Uri url = result.ImageUrl ?? throw new InvalidOperationException("processimage.cn returned no image URL.");

        string extension = Path.GetExtension(url.AbsolutePath);
        string file = Output("processimage-watermark-removed" + (extension.Length is > 1 and <= 5 ? extension : ".png"));
        ProcessImageDownloadImageResult download;
        await using (var stream = File.Create(file))
        {
            download = await processImage.DownloadImageAsync(url, stream, ct); // free
        }

        string usage = result.Usage?.Remaining is { } left ? $", {left} uses left" : string.Empty;
        string cached = result.FromCache ? " (cached, not charged)" : string.Empty;
        return new($"{result.Regions.Count} watermark regions removed{cached}{usage}", result.Attempts + download.Attempts, file);
    }

    /// <summary>Aliyun IQS: turn the receipt photo into a clean, upright scan.</summary>
    public async Task<StepOutcome> ScanFileAsync(CancellationToken ct)
    {
        AliyunIqsScanFileResult result = await aliyunIqs.ScanFileAsync(
            Asset("document-photo.png"),
            new AliyunIqsScanFileOptions { AutoCrop = AliyunIqsScanSetting.Enabled, AutoRotate = AliyunIqsScanSetting.Enabled },
            ct);

        if (result.Pages.Count == 0)
        {
            return new("no page returned", result.Attempts, null);
        }

        AliyunIqsScannedPage page = result.Pages[0];
        string file = Output("aliyun-scan" + ExtensionOf(page.Format));
        await File.WriteAllBytesAsync(file, page.Image, ct);
        return new($"{result.Pages.Count} page, {page.Width}×{page.Height}, rotated {page.Angle}°", result.Attempts, file);
    }

    /// <summary>e签宝: recognise the text of the contract's first page and save it.</summary>
    public async Task<StepOutcome> RecognizeTextAsync(CancellationToken ct)
    {
        EsignRecognizeTextResult result = await esign.RecognizeTextAsync(Asset("contract-page-1.png"), cancellationToken: ct);

        string file = Output("esign-ocr.txt");
        await File.WriteAllTextAsync(file, result.FullText + Environment.NewLine, ct);
        string first = result.Lines.FirstOrDefault()?.Text ?? string.Empty;
        return new($"{result.Lines.Count} lines, first \"{first}\"", result.Attempts, file);
    }

    /// <summary>Downloads into a file, then names it by the media type the vendor declared.</summary>
    private async Task<(string File, T Result)> SaveAsync<T>(string name, string fallbackExtension, Func<Stream, Task<T>> download, Func<T, string?> contentType)
    {
        string part = Output(name + ".part");
        T result;
        await using (var stream = File.Create(part))
        {
            result = await download(stream);
        }

        string file = Output(name + ExtensionOf(contentType(result), fallbackExtension));
        File.Move(part, file, overwrite: true);
        return (file, result);
    }

    private static string ExtensionOf(string? contentType, string fallback) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/png" => ".png",
        "image/jpeg" or "image/jpg" => ".jpg",
        "image/bmp" => ".bmp",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        _ => fallback,
    };

    private static string ExtensionOf(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Bmp => ".bmp",
        ImageFormat.WebP => ".webp",
        ImageFormat.Pdf => ".pdf",
        _ => ".png",
    };

    private static string Kilobytes(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
}
