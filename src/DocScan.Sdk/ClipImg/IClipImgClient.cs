using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.ClipImg;

/// <summary>ClipImg 可立图: smart document scan, manual crop, A4 layout, preview and download.</summary>
/// <remarks>
/// <para>Scan, crop, layout and preview are free; download is charged 20 points (a repeat download of the same name is not).</para>
/// <para>Members may be added to this interface in a minor version. To fake the client in tests, derive from
/// <see cref="ClipImgClient"/> (its protected constructor and virtual operations) rather than implementing the interface.</para>
/// </remarks>
public interface IClipImgClient
{
    /// <summary>Scans a photo: finds the document's edges and returns the cropped, corrected image (<c>POST /api/pic/scan</c>). Free.</summary>
    /// <param name="image">The photo: JPEG, PNG, BMP or WebP, at most <see cref="ClipImgClientOptions.MaxImageBytes"/>.</param>
    /// <param name="options">Card type (1–7) and DPI; null for the vendor's defaults (document, 300 DPI).</param>
    /// <param name="cancellationToken">Cancels the call, including a wait for the rate limit.</param>
    /// <returns>The image id, the detected corners and the cropped file.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="DocScanException">The image, card type or DPI is not accepted (<see cref="DocScanErrorKind.InvalidRequest"/>, checked before sending), or the call failed.</exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ClipImgScanResult> ScanAsync(ImageInput image, ClipImgScanOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Crops a scanned image again by corners you choose (<c>POST /api/pic/scan/auto_crop</c>). Free.</summary>
    /// <param name="imageId">The <see cref="ClipImgScanResult.ImageId"/> of a scan made within the last hour (1–256 characters, no control characters).</param>
    /// <param name="corners">The corners in original-image pixels; finite numbers.</param>
    /// <param name="options">The card type (1–7); null to send none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cropped file.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="imageId"/> is empty, over 256 characters or holds a control character.</exception>
    /// <exception cref="DocScanException">
    /// A corner is NaN or infinite, or the card type is not 1–7 (<see cref="DocScanErrorKind.InvalidRequest"/> naming it, before sending);
    /// or the call failed (<see cref="DocScanErrorKind.NotFound"/> once the scan has expired).
    /// </exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ClipImgCropResult> CropAsync(string imageId, Quad corners, ClipImgCropOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Lays scanned images out on A4 (<c>POST /api/pic/scan/auto_crop_imgs</c>): ID card front and back on one page, or a document as pages and a PDF. Free.</summary>
    /// <param name="request">The card type and the images; the count is checked against the card type before sending.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page images, and for documents the PDF.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="DocScanException">
    /// The card type is not 1–7, the image count or page size does not fit it, a page size is not a positive finite number, or an
    /// item's image id or corners are invalid (<see cref="DocScanErrorKind.InvalidRequest"/> naming the property, before sending);
    /// or the call failed.
    /// </exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ClipImgLayoutResult> LayoutAsync(ClipImgLayoutRequest request, CancellationToken cancellationToken = default);

    /// <summary>Writes a watermarked preview of a result into <paramref name="destination"/> (<c>GET /api/pic/scan/preview/{name}</c>). Free.</summary>
    /// <param name="previewName">A <see cref="ClipImgFile.PreviewName"/>.</param>
    /// <param name="destination">Where the bytes are written, as they arrive; not disposed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The media type and the number of bytes written.</returns>
    /// <remarks>The copy is part of the call: each read must receive data within <c>ResponseReadTimeout</c>, and the whole call, copy included, ends within <c>TotalTimeout</c>.</remarks>
    /// <exception cref="System.ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="System.ArgumentException">
    /// <paramref name="previewName"/> is not 1–256 characters of letters, digits, <c>-</c>, <c>.</c>, <c>_</c> and <c>~</c>, or is <c>.</c> or <c>..</c>
    /// (it must stay one path segment); or <paramref name="destination"/> is not writable.
    /// </exception>
    /// <exception cref="DocScanException">The call failed, the copy ran out of time, or the destination refused the bytes.</exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ClipImgGetPreviewResult> GetPreviewAsync(string previewName, System.IO.Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Writes the full result without watermark into <paramref name="destination"/> (<c>POST /api/pic/scan/download/{name}</c>). Charged 20 points; a repeat download of the same name is not charged, so it is retried like a free call.</summary>
    /// <param name="name">A <see cref="ClipImgFile.Name"/>; one ending in <c>_pdf</c> downloads the PDF.</param>
    /// <param name="destination">Where the bytes are written, as they arrive; not disposed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The media type and the number of bytes written.</returns>
    /// <remarks>The copy is part of the call: each read must receive data within <c>ResponseReadTimeout</c>, and the whole call, copy included, ends within <c>TotalTimeout</c>.</remarks>
    /// <exception cref="System.ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="System.ArgumentException">
    /// <paramref name="name"/> is not 1–256 characters of letters, digits, <c>-</c>, <c>.</c>, <c>_</c> and <c>~</c>, or is <c>.</c> or <c>..</c>
    /// (it must stay one path segment); or <paramref name="destination"/> is not writable.
    /// </exception>
    /// <exception cref="DocScanException">The call failed (<see cref="DocScanErrorKind.InsufficientQuota"/> when points run out), the copy ran out of time, or the destination refused the bytes.</exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ClipImgDownloadResult> DownloadAsync(string name, System.IO.Stream destination, CancellationToken cancellationToken = default);
}
