using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.Esign;

/// <summary>Signature mode: per attempt a fresh millisecond timestamp and an HMAC-SHA256 signature over exactly what is sent.</summary>
internal sealed class EsignSignatureAuthenticator : RequestAuthenticator
{
    private readonly EsignClientOptions _options;
    private readonly TimeProvider _time;
    private EsignSigner? _signer;
    private string? _signerSecret;

    public EsignSignatureAuthenticator(EsignClientOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public override ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string appId = string.IsNullOrWhiteSpace(_options.AppId) ? throw EsignHeaders.Missing(nameof(EsignClientOptions.AppId)) : _options.AppId!;
        string secret = string.IsNullOrWhiteSpace(_options.AppSecret) ? throw EsignHeaders.Missing(nameof(EsignClientOptions.AppSecret)) : _options.AppSecret!;
        var signer = Signer(secret);

        string contentMd5 = EsignHeaders.SetCommon(request, appId);
        string contentType = request.Content is null ? string.Empty : EsignSigner.JsonContentType;
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        string signature = signer.Sign(request.Method.Method, EsignSigner.DefaultAccept, contentMd5, contentType, string.Empty, uri.AbsolutePath + uri.Query);

        request.Headers.Remove(EsignHeaders.Token);
        EsignHeaders.Set(request, EsignHeaders.AuthMode, "Signature");
        EsignHeaders.Set(request, EsignHeaders.Timestamp, _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        EsignHeaders.Set(request, EsignHeaders.Signature, signature);
        return default;
    }

    // One signer per secret; options are read on every attempt so a rotated secret is picked up.
    private EsignSigner Signer(string secret)
    {
        var signer = Volatile.Read(ref _signer);
        if (signer is not null && string.Equals(Volatile.Read(ref _signerSecret), secret, StringComparison.Ordinal))
        {
            return signer;
        }

        signer = new EsignSigner(secret);
        Volatile.Write(ref _signerSecret, secret);
        Volatile.Write(ref _signer, signer);
        return signer;
    }
}
