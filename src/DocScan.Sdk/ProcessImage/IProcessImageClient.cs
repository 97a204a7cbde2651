using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.ProcessImage;

/// <summary>processimage.cn ("API documentation provided by Jeffrey"): text-watermark removal and detection.</summary>
/// <remarks>
/// Every processing call is charged unless the vendor answers from its 5-hour result cache
/// (<see cref="ProcessImageRemoveWatermarkResult.FromCache"/>) or reports that it did not process the image (52001–52004).
/// That cache holds only finished results, so a repeat while the first request may still be processing can be charged
/// again: a timeout after sending, a connection reset or a 5xx is not retried unless
/// <see cref="DocScanRetryOptions.RetryAmbiguousFailures"/> is set; 52003/52004, 429 and 503 (not processed) are.
/// Images: PNG, BMP or JPEG, at most <see cref="ProcessImageClientOptions.MaxImageBytes"/> (4,000,000 bytes by default), checked before sending.
/// <para>Members may be added to this interface in a minor version. To fake the client in tests, derive from
/// <see cref="ProcessImageClient"/> (its protected constructor and virtual operations) rather than implementing the interface.</para>
/// </remarks>
public interface IProcessImageClient
{
    /// <summary>Removes text watermarks and returns the URL of the cleaned image (<c>POST /watermark/access</c>).</summary>
    /// <param name="image">The image: a file, bytes or a stream (sent as the file part), or, in token mode only, a URL (<see cref="ProcessImageClientOptions.UrlFieldName"/>, default <c>imageUrl</c>).</param>
    /// <param name="options">Rectangles, watermark names or excluded keywords, offset, region drawing; null for automatic detection.</param>
    /// <param name="cancellationToken">Cancels the call, including a wait for the rate limit.</param>
    /// <returns>The processed image URL (kept 5 hours), the regions, the account usage, and whether it came from the cache.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="DocScanException">
    /// The image or options are not accepted (checked before sending; <see cref="DocScanErrorKind.InvalidRequest"/>), the
    /// credentials are missing or rejected (<see cref="DocScanErrorKind.Authentication"/>; also a 403 while usage remains,
    /// such as token mode's IP allow-list), usage is (possibly) exhausted (a 403: <see cref="DocScanErrorKind.InsufficientQuota"/>), the vendor throttled the call (<see cref="DocScanErrorKind.RateLimited"/>),
    /// did not process the image (52001/52002: <see cref="DocScanErrorKind.InvalidRequest"/>; 52003: <see cref="DocScanErrorKind.Timeout"/>;
    /// 52004: <see cref="DocScanErrorKind.ServerError"/>), or the call failed otherwise.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ProcessImageRemoveWatermarkResult> RemoveWatermarkAsync(ImageInput image, ProcessImageRemoveWatermarkOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Finds text watermarks without removing them (<c>ocrOnly=true</c>). Charged like a removal.</summary>
    /// <param name="image">The image, as for <see cref="RemoveWatermarkAsync"/>.</param>
    /// <param name="options">Watermark names, excluded keywords or offset; null for automatic detection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The regions found (no image URL); when none is found (52002, not charged), a result with <see cref="ProcessImageDetectResult.NoWatermarkFound"/> set and no regions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="DocScanException">As for <see cref="RemoveWatermarkAsync"/>, except that 52002 is a result.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ProcessImageDetectResult> DetectAsync(ImageInput image, ProcessImageDetectOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits the image for asynchronous removal (the wire's <c>sync=true</c>, which means asynchronous): the vendor
    /// acknowledges at once (52000) and later POSTs the result to <paramref name="callbackUrl"/>; parse that body with
    /// <see cref="ProcessImageCallback.ParseAsync"/>. Charged even when the callback cannot be delivered.
    /// </summary>
    /// <param name="image">The image, as for <see cref="RemoveWatermarkAsync"/>.</param>
    /// <param name="callbackUrl">An absolute http(s) URL that answers HTTP 200; the vendor retries once otherwise.</param>
    /// <param name="options">Rectangles, watermark names or excluded keywords, offset, region drawing, as for <see cref="RemoveWatermarkAsync"/>; null for automatic detection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The acknowledgement, with the account usage and the image identifier the callback will carry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> or <paramref name="callbackUrl"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="callbackUrl"/> is not an absolute http(s) URL.</exception>
    /// <exception cref="DocScanException">As for <see cref="RemoveWatermarkAsync"/>. An ambiguous failure (timeout after sending, 5xx) is not retried: a repeat could deliver two callbacks.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ProcessImageSubmitResult> SubmitAsync(ImageInput image, Uri callbackUrl, ProcessImageSubmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Downloads a processed image (<see cref="ProcessImageRemoveWatermarkResult.ImageUrl"/>) into <paramref name="destination"/>, streamed. Free.</summary>
    /// <param name="imageUrl">A URL on the client's base address host, from a result of the last 5 hours.</param>
    /// <param name="destination">Where the bytes are written; not disposed.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The media type and the number of bytes written.</returns>
    /// <remarks>The copy is part of the call: each read must receive data within <c>ResponseReadTimeout</c>, and the whole call, copy included, ends within <c>TotalTimeout</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="imageUrl"/> or <paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="imageUrl"/> is not on the base address host, or <paramref name="destination"/> is not writable.</exception>
    /// <exception cref="DocScanException">The image is gone (<see cref="DocScanErrorKind.NotFound"/>), the answer is not an image, or the download failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ProcessImageDownloadImageResult> DownloadImageAsync(Uri imageUrl, Stream destination, CancellationToken cancellationToken = default);
}
