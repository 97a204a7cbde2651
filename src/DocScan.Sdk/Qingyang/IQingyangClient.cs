using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Qingyang;

/// <summary>Qingyang 青阳智创 certificate OCR: ID cards, licences, passports, bank cards, business licences and more.</summary>
/// <remarks>
/// <para>Every recognition is charged by model tokens; see <see cref="QingyangRecognizeResult.Usage"/>.</para>
/// <para>Members may be added to this interface in a minor version. To fake the client in tests, derive from
/// <see cref="QingyangClient"/> (its protected constructor and virtual operations) rather than implementing the interface.</para>
/// </remarks>
public interface IQingyangClient
{
    /// <summary>
    /// Recognises the cards in an image or PDF (<c>POST /ocr</c>). A file, bytes or stream is uploaded as
    /// <c>multipart/form-data</c> part <c>file</c>; an <see cref="ImageInput.FromUrl(System.Uri)"/> input is sent as
    /// JSON <c>file_url</c> for the service to fetch. Charged: an ambiguous failure is not retried by default.
    /// </summary>
    /// <param name="image">
    /// JPEG, PNG or PDF, at most <see cref="QingyangClientOptions.MaxImageBytes"/> (default 10,000,000 bytes); or an http(s) URL,
    /// sent in its escaped form (<see cref="System.Uri.AbsoluteUri"/>: a space goes as <c>%20</c>).
    /// </param>
    /// <param name="options">The <c>category</c> filter; null to let the service detect the type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The detected card types, token usage and one document per card found.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="DocScanException">
    /// <see cref="DocScanErrorKind.InvalidRequest"/>: the file is not JPEG/PNG/PDF or is over the limit (checked before
    /// sending), or the service answered 400/413.
    /// <see cref="DocScanErrorKind.Authentication"/>: no API key is configured, or the service answered 401/403.
    /// <see cref="DocScanErrorKind.ServerError"/>: HTTP 500, or <c>success:false</c> for any other reason (not retried by default).
    /// <see cref="DocScanErrorKind.Timeout"/>, <see cref="DocScanErrorKind.Network"/>, <see cref="DocScanErrorKind.RateLimited"/>,
    /// <see cref="DocScanErrorKind.InvalidResponse"/>: as for every client.
    /// </exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<QingyangRecognizeResult> RecognizeAsync(ImageInput image, QingyangRecognizeOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recognises a file that is already on the Qingyang server (<c>POST /ocr</c> with JSON <c>file_url</c> holding the
    /// path: the page's <c>file_url</c> accepts "远程 HTTP URL 及本地文件路径", remote URLs and local paths). Charged like
    /// <see cref="RecognizeAsync"/>. For a URL use <see cref="RecognizeAsync"/> with <see cref="ImageInput.FromUrl(System.Uri)"/>.
    /// </summary>
    /// <param name="serverPath">
    /// The path as the service knows it (for example one it returned in <see cref="QingyangRecognizeResult.FilePath"/>),
    /// sent unchanged; 1–4096 characters, no control characters. No size or format check applies: the server reads the file.
    /// </param>
    /// <param name="options">The <c>category</c> filter; null to let the service detect the type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The detected card types, token usage and one document per card found.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="serverPath"/> is empty, longer than 4096 characters or holds a control character.</exception>
    /// <exception cref="DocScanException">As for <see cref="RecognizeAsync"/>; a path the server cannot read usually comes back as <c>success:false</c> (<see cref="DocScanErrorKind.ServerError"/>).</exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<QingyangRecognizeServerFileResult> RecognizeServerFileAsync(string serverPath, QingyangRecognizeServerFileOptions? options = null, CancellationToken cancellationToken = default);
}
