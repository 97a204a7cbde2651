using DocScan.Sdk.Http;

namespace DocScan.Sdk.Esign;

/// <summary>
/// A JSON body produced once per call: the same bytes (and so the same <c>Content-MD5</c>) for every attempt.
/// A fresh instance per attempt, so no attempt re-sends a used content.
/// </summary>
internal sealed class EsignJsonContent : ObservedByteArrayContent
{
    /// <summary>The request state entry with the body's <c>Content-MD5</c> (Base64 of its binary MD5), which the authenticators sign and send.</summary>
    public static readonly RequestStateKey<string> ContentMd5 = new("Esign.ContentMd5");

    public EsignJsonContent(byte[] body, string contentMd5)
        : base(body)
    {
        EsignHeaders.SetContentHeaders(this, contentMd5);
    }
}
