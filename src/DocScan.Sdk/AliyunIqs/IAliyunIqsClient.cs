using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>Aliyun Information Query Service (IQS) ScanFile: turns photos of documents into clean, cropped, upright scans.</summary>
/// <remarks>
/// <para>Every call is charged; the service gives up after 25 s.</para>
/// <para>Members may be added to this interface in a minor version. To fake the client in tests, derive from
/// <see cref="AliyunIqsClient"/> (its protected constructor and virtual operations) rather than implementing the interface.</para>
/// </remarks>
public interface IAliyunIqsClient
{
    /// <summary>
    /// Scans a photo of a document (<c>POST /scan/file</c>). Bytes, a file or a stream are sent as
    /// <c>imageBase64</c>, encoded while the body is written; an <see cref="ImageInput.FromUrl(System.Uri)"/> input
    /// is sent as <c>imageUrl</c> for the service to fetch. Charged: an ambiguous failure is not retried by default;
    /// throttling is retried with backoff.
    /// </summary>
    /// <param name="image">JPEG, PNG, BMP or WebP, at most <see cref="AliyunIqsClientOptions.MaxImageBytes"/>; or an http(s) URL the service can reach.</param>
    /// <param name="options"><c>autoCrop</c> and <c>autoRotate</c>; null (or unset values) to use the service's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The processed pages with their image bytes, and the search time.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="DocScanException">
    /// <see cref="DocScanErrorKind.InvalidRequest"/>: the image format or size is not accepted (checked before sending).
    /// <see cref="DocScanErrorKind.Authentication"/>: no API key is configured, <c>InvalidAccessKeyId.NotFound</c>, <c>Retrieval.NotAuthorised</c>.
    /// <see cref="DocScanErrorKind.InsufficientQuota"/>: <c>Retrieval.NotActivate</c>, <c>Retrieval.Arrears</c>,
    /// <c>Retrieval.TestUserPeriodExpired</c>, <c>Retrieval.TestUserQueryExceeded</c> (the trial's daily quota); never retried.
    /// <see cref="DocScanErrorKind.RateLimited"/>: <c>Retrieval.Throttling.User</c> after the retries ran out.
    /// <see cref="DocScanErrorKind.Timeout"/>, <see cref="DocScanErrorKind.ServerError"/>, <see cref="DocScanErrorKind.Network"/>,
    /// <see cref="DocScanErrorKind.InvalidResponse"/>: as for every client.
    /// </exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<AliyunIqsScanFileResult> ScanFileAsync(ImageInput image, AliyunIqsScanFileOptions? options = null, CancellationToken cancellationToken = default);
}
