using System;
using System.Net.Http;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.Esign;

/// <summary>The vendor's header names and the raw header writes that keep signed values byte for byte.</summary>
internal static class EsignHeaders
{
    public const string AppId = "X-Tsign-Open-App-Id";
    public const string AuthMode = "X-Tsign-Open-Auth-Mode";
    public const string Timestamp = "X-Tsign-Open-Ca-Timestamp";
    public const string Signature = "X-Tsign-Open-Ca-Signature";
    public const string Token = "X-Tsign-Open-Token";
    public const string ContentMd5 = "Content-MD5";
    public const string ContentType = "Content-Type";

    /// <summary>
    /// Sets <c>Content-Type: application/json;charset=UTF-8</c> and <c>Content-MD5</c> without validation, so .NET
    /// sends them as written (its parsed form would be <c>application/json; charset=UTF-8</c>, which is not what is signed).
    /// </summary>
    public static void SetContentHeaders(HttpContent content, string contentMd5)
    {
        content.Headers.Remove(ContentType);
        content.Headers.TryAddWithoutValidation(ContentType, EsignSigner.JsonContentType);
        content.Headers.Remove(ContentMd5);
        content.Headers.TryAddWithoutValidation(ContentMd5, contentMd5);
    }

    /// <summary>Replaces a request header with one raw value.</summary>
    public static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>Sets the headers both modes share: app id, <c>Accept: */*</c>, the body's content headers; removes any <c>Date</c> (it would have to be signed).</summary>
    /// <returns>The body's <c>Content-MD5</c>, or an empty string for a request without a body.</returns>
    public static string SetCommon(HttpRequestMessage request, string appId)
    {
        Set(request, AppId, appId);
        Set(request, "Accept", EsignSigner.DefaultAccept);
        request.Headers.Remove("Date");
        if (request.Content is not { } content)
        {
            return string.Empty;
        }

        // The client declares the body's Content-MD5 with the request, so the signature covers the bytes sent.
        string contentMd5 = RequestInfo.Of(request)?.State.Get(EsignJsonContent.ContentMd5)
            ?? throw new InvalidOperationException("An e签宝 request with a body must declare its Content-MD5 in the request state.");
        SetContentHeaders(content, contentMd5);
        return contentMd5;
    }

    /// <summary>The error for a credential that is not configured.</summary>
    public static DocScanException Missing(string setting) => HeaderKeyAuthenticator.MissingCredential(EsignClient.VendorName, "DocScan:Esign:" + setting);
}
