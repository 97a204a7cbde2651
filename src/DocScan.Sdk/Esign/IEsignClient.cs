using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Esign;

/// <summary>e签宝 general OCR (通用图片文字识别): text lines with their boxes and polygons.</summary>
/// <remarks>
/// <para>Every call the vendor processes is charged, so an ambiguous failure (timeout after sending, 5xx) is not retried unless <see cref="DocScanRetryOptions.RetryAmbiguousFailures"/> is set.</para>
/// <para>Members may be added to this interface in a minor version. To fake the client in tests, derive from
/// <see cref="EsignClient"/> (its protected constructor and virtual operations) rather than implementing the interface.</para>
/// </remarks>
public interface IEsignClient
{
    /// <summary>Recognises the text in an image (<c>POST /v2/identity/auth/api/ocr/generalcharacters</c>). Charged.</summary>
    /// <param name="image">The image: JPEG, PNG or BMP, at most <see cref="EsignClientOptions.MaxImageBytes"/> (1,000,000 bytes by default; checked before sending). Not a URL: the vendor takes the image itself.</param>
    /// <param name="options">Your business id for the call; null for none.</param>
    /// <param name="cancellationToken">Cancels the call, including a wait for the rate limit or a token.</param>
    /// <returns>The verify id, the rotation angle and the text lines in reading order.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="DocScanException">
    /// <see cref="DocScanErrorKind.InvalidRequest"/>: the image is a URL, not JPEG/PNG/BMP, empty or over the size limit (checked before sending),
    /// or the vendor answered 30500100 / 30500101.
    /// <see cref="DocScanErrorKind.Authentication"/>: AppId or AppSecret is not configured, or the gateway refused the credentials
    /// (wrong environment, signature, timestamp or token; <see cref="DocScanException.VendorMessage"/> keeps its message).
    /// Other kinds for throttling, timeouts, server and network failures, or an answer that cannot be read.
    /// </exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<EsignRecognizeTextResult> RecognizeTextAsync(ImageInput image, EsignRecognizeTextOptions? options = null, CancellationToken cancellationToken = default);
}
