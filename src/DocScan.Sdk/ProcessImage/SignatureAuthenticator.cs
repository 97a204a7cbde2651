using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.ProcessImage;

/// <summary>
/// Signature mode: signs every attempt. The client's content factory wrote the attempt's form with a fresh salt and
/// recorded the salt, the app id and the per-call image MD5 in the attempt's <see cref="RequestState"/>, so the
/// signature always matches the form fields sent with it.
/// </summary>
internal sealed class SignatureAuthenticator : RequestAuthenticator
{
    private readonly ProcessImageClientOptions _options;

    public SignatureAuthenticator(ProcessImageClientOptions options) => _options = options;

    public override ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestInfo.Of(request)?.State.Get(SigningData.Key) is not { } signing)
        {
            throw new DocScanException(DocScanErrorKind.InvalidRequest, "signature mode signs the MD5 of an uploaded file; this request has none.") { Failure = FailureClass.Permanent };
        }

        var secret = _options.AppSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw HeaderKeyAuthenticator.MissingCredential(ProcessImageClient.VendorName, "DocScan:ProcessImage:AppSecret");
        }

        request.Headers.Remove(ProcessImageSigning.SignHeader);
        request.Headers.TryAddWithoutValidation(ProcessImageSigning.SignHeader, ProcessImageSigning.Sign(signing.AppId, signing.ImageMd5, signing.Salt, secret!));
        return default;
    }
}
