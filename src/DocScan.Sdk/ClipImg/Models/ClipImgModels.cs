using System;
using System.Collections.Generic;

namespace DocScan.Sdk.ClipImg;

/// <summary>What ClipImg is scanning; decides the crop shape and, for layouts, how many images go on a page.</summary>
public enum ClipImgCardType
{
    /// <summary>身份证 — ID card. Layout: exactly 2 images (front and back).</summary>
    IdCard = 1,

    /// <summary>户口本 — household register. Layout: exactly 2 images.</summary>
    HouseholdRegister = 2,

    /// <summary>护照 — passport. Layout: exactly 1 image.</summary>
    Passport = 3,

    /// <summary>驾驶证 — driver's licence. Layout: exactly 2 images.</summary>
    DriverLicense = 4,

    /// <summary>行驶证 — vehicle licence. Layout: the vendor does not document the count; the server decides.</summary>
    VehicleLicense = 5,

    /// <summary>银行卡 — bank card. Layout: exactly 2 images.</summary>
    BankCard = 6,

    /// <summary>文档 — a document (the vendor's default). Layout: up to 9 pages, returned as images and a PDF.</summary>
    Document = 7,
}

/// <summary>Optional settings of a smart scan.</summary>
public sealed class ClipImgScanOptions
{
    /// <summary>What is being scanned. Not sent when null; the vendor then assumes <see cref="ClipImgCardType.Document"/>.</summary>
    public ClipImgCardType? CardType { get; set; }

    /// <summary>The resolution of the returned image. Not sent when null; the vendor then uses 300.</summary>
    public int? Dpi { get; set; }
}

/// <summary>Optional settings of a manual crop.</summary>
public sealed class ClipImgCropOptions
{
    /// <summary>What is being cropped (1–7; <c>card_type</c>). Not sent when null.</summary>
    public ClipImgCardType? CardType { get; set; }
}

/// <summary>The names and links of one result file. Files are kept by the vendor for one hour.</summary>
public sealed class ClipImgFile
{
    // The links as the vendor sent them, parsed when first read: most callers use the names, and a Uri is costly to build.
    private LazyUri _previewUrl;
    private LazyUri _downloadUrl;

    /// <summary>The free preview link (<c>preview_url</c>); null when the vendor sent none or it is not an absolute URL.</summary>
    public Uri? PreviewUrl { get => _previewUrl.Value; init => _previewUrl = new LazyUri(value); }

    /// <summary>The charged download link (<c>download_url</c>); null when the vendor sent none or it is not an absolute URL.</summary>
    public Uri? DownloadUrl { get => _downloadUrl.Value; init => _downloadUrl = new LazyUri(value); }

    /// <summary>Sets <see cref="PreviewUrl"/> from the vendor's text, parsed on first read.</summary>
    internal string? PreviewUrlText { init => _previewUrl = new LazyUri(value); }

    /// <summary>Sets <see cref="DownloadUrl"/> from the vendor's text, parsed on first read.</summary>
    internal string? DownloadUrlText { init => _downloadUrl = new LazyUri(value); }

    /// <summary>The name for <see cref="IClipImgClient.GetPreviewAsync"/> (<c>preview_img_name</c>).</summary>
    public string PreviewName { get; init; } = string.Empty;

    /// <summary>The name for <see cref="IClipImgClient.DownloadAsync"/> (<c>img_name</c>); a name ending in <c>_pdf</c> is a PDF.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Whether this file is a PDF (its name ends in <c>_pdf</c>).</summary>
    public bool IsPdf => Name.EndsWith("_pdf", StringComparison.Ordinal);
}

/// <summary>The result of a smart scan. <see cref="DocScanResult.AdditionalData"/> holds the fields of <c>data</c> this SDK does not model.</summary>
public sealed class ClipImgScanResult : DocScanResult
{
    /// <summary>The id to pass to crop and layout (<c>image_id</c>).</summary>
    public string ImageId { get; init; } = string.Empty;

    /// <summary>The detected corners, in original-image pixels.</summary>
    public Quad Corners { get; init; }

    /// <summary>The cropped image.</summary>
    public ClipImgFile File { get; init; } = new();

    /// <summary>When the vendor deletes the files (one hour after the call).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The result of a manual crop. <see cref="DocScanResult.AdditionalData"/> holds the fields of <c>data</c> this SDK does not model.</summary>
public sealed class ClipImgCropResult : DocScanResult
{
    /// <summary>The cropped image.</summary>
    public ClipImgFile File { get; init; } = new();

    /// <summary>When the vendor deletes the files (one hour after the call).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>One image to lay out: a scanned image and the corners to crop it by.</summary>
/// <param name="ImageId">The <see cref="ClipImgScanResult.ImageId"/>.</param>
/// <param name="Corners">The corners, in original-image pixels (usually <see cref="ClipImgScanResult.Corners"/>).</param>
public sealed record ClipImgLayoutItem(string ImageId, Quad Corners);

/// <summary>An A4 layout request.</summary>
public sealed class ClipImgLayoutRequest
{
    /// <summary>Creates a layout of <paramref name="items"/> for <paramref name="cardType"/>.</summary>
    /// <param name="cardType">What the images are; decides how many are allowed.</param>
    /// <param name="items">The images, in page order.</param>
    public ClipImgLayoutRequest(ClipImgCardType cardType, IEnumerable<ClipImgLayoutItem> items)
    {
        CardType = cardType;
        Items = new List<ClipImgLayoutItem>(items ?? throw new ArgumentNullException(nameof(items)));
    }

    /// <summary>What the images are. ID card, household register, driver's licence and bank card take 2 images, a passport 1, a document up to 9.</summary>
    public ClipImgCardType CardType { get; }

    /// <summary>The images, in page order.</summary>
    public IReadOnlyList<ClipImgLayoutItem> Items { get; }

    /// <summary>A custom page width (<c>size_width</c>); documents only. Not sent when null.</summary>
    public double? PageWidth { get; set; }

    /// <summary>A custom page height (<c>size_height</c>); documents only. Not sent when null.</summary>
    public double? PageHeight { get; set; }

    /// <summary>Whether to remove shadows (<c>shadow_remove</c>). Default <see langword="true"/>, as on the vendor.</summary>
    public bool RemoveShadow { get; set; } = true;
}

/// <summary>The result of an A4 layout. <see cref="DocScanResult.AdditionalData"/> holds the fields of <c>data</c> this SDK does not model.</summary>
public sealed class ClipImgLayoutResult : DocScanResult
{
    /// <summary>The laid-out pages: one for card types, one per page for documents.</summary>
    public IReadOnlyList<ClipImgFile> Pages { get; init; } = Array.Empty<ClipImgFile>();

    /// <summary>The PDF of all pages, for documents; null for card types.</summary>
    public ClipImgFile? Pdf { get; init; }

    /// <summary>When the vendor deletes the files (one hour after the call).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The result of <see cref="IClipImgClient.GetPreviewAsync"/>: the watermarked preview was written to the caller's stream.</summary>
public sealed class ClipImgGetPreviewResult : DocScanResult
{
    /// <summary>The media type the vendor declared (<c>image/jpeg</c>, …), if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>How many bytes were written to the destination.</summary>
    public long BytesWritten { get; init; }
}

/// <summary>The result of <see cref="IClipImgClient.DownloadAsync"/>: the full file was written to the caller's stream.</summary>
public sealed class ClipImgDownloadResult : DocScanResult
{
    /// <summary>The media type the vendor declared (<c>image/jpeg</c>, <c>application/pdf</c>), if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>How many bytes were written to the destination.</summary>
    public long BytesWritten { get; init; }
}
