using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace DocScan.Sdk.Esign;

/// <summary>
/// The e签宝 gateway's request signature (请求签名鉴权): <c>Content-MD5</c> and <c>X-Tsign-Open-Ca-Signature</c>.
/// The client uses it for every attempt. Thread-safe.
/// </summary>
/// <remarks>
/// <para>The string to sign is, each part followed by <c>\n</c> even when empty:
/// <c>METHOD</c>, <c>Accept</c>, <c>Content-MD5</c>, <c>Content-Type</c>, <c>Date</c>; then the resource: the path plus,
/// when there is a query, <c>?</c> and its parameters sorted by name (ordinal) as <c>name=value</c> joined by <c>&amp;</c>
/// (raw values, not decoded; a parameter with an empty value is written as its name alone). No host, no scheme,
/// no trailing newline.</para>
/// <para>The signature is Base64(HMAC-SHA256(key = UTF-8 app secret, message = UTF-8 string to sign)).
/// The signed <c>Accept</c> and <c>Content-Type</c> must be byte for byte the headers sent.</para>
/// <para>Signed extra headers (the vendor's optional <c>Headers</c> part) are not supported: the SDK signs none.</para>
/// </remarks>
internal sealed class EsignSigner
{
    /// <summary>The <c>Content-Type</c> the OCR API documents, exactly as it must be sent and signed: <c>application/json;charset=UTF-8</c> (no space).</summary>
    public const string JsonContentType = "application/json;charset=UTF-8";

    /// <summary>The <c>Accept</c> value the vendor recommends: <c>*/*</c>.</summary>
    public const string DefaultAccept = "*/*";

    private readonly byte[] _key;

    /// <summary>Creates a signer for one app secret.</summary>
    /// <param name="appSecret">The app secret; kept only as HMAC key bytes, never printed.</param>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is null or empty.</exception>
    public EsignSigner(string appSecret)
    {
        if (string.IsNullOrEmpty(appSecret))
        {
            throw new ArgumentException("An app secret is required.", nameof(appSecret));
        }

        _key = Encoding.UTF8.GetBytes(appSecret);
    }

    /// <summary>The <c>Content-MD5</c> of a body: Base64 of its 16-byte binary MD5 (not of the hex string).</summary>
    /// <param name="body">The exact bytes sent.</param>
    /// <returns>24 Base64 characters. For a request without a body, sign and send an empty string instead.</returns>
    public static string ComputeContentMd5(ReadOnlySpan<byte> body)
    {
#if NETSTANDARD2_0
        using var md5 = MD5.Create();
        return Convert.ToBase64String(md5.ComputeHash(body.ToArray()));
#else
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(body, hash);
        return Convert.ToBase64String(hash);
#endif
    }

    /// <summary>Builds the string to sign.</summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c> (upper case as sent).</param>
    /// <param name="accept">The <c>Accept</c> header as sent (usually <see cref="DefaultAccept"/>), or empty.</param>
    /// <param name="contentMd5">The <c>Content-MD5</c> header as sent, or empty when there is no body.</param>
    /// <param name="contentType">The <c>Content-Type</c> header as sent, byte for byte, or empty.</param>
    /// <param name="date">The <c>Date</c> header as sent, or empty (the SDK sends none).</param>
    /// <param name="pathAndQuery">The request path with its query, e.g. <c>/v1/x?b=2&amp;a=1</c>; the query is sorted here.</param>
    /// <returns>The string to sign.</returns>
    /// <exception cref="ArgumentException"><paramref name="method"/> or <paramref name="pathAndQuery"/> is empty.</exception>
    public static string BuildStringToSign(string method, string? accept, string? contentMd5, string? contentType, string? date, string pathAndQuery)
    {
        if (string.IsNullOrEmpty(method))
        {
            throw new ArgumentException("The HTTP method is required.", nameof(method));
        }

        if (string.IsNullOrEmpty(pathAndQuery))
        {
            throw new ArgumentException("The request path is required.", nameof(pathAndQuery));
        }

        return new StringBuilder(128 + pathAndQuery.Length)
            .Append(method).Append('\n')
            .Append(accept).Append('\n')
            .Append(contentMd5).Append('\n')
            .Append(contentType).Append('\n')
            .Append(date).Append('\n')
            .Append(CanonicalResource(pathAndQuery))
            .ToString();
    }

    /// <summary>The resource part of the string to sign: the path, then <c>?</c> and the query parameters sorted by name.</summary>
    /// <param name="pathAndQuery">The path with its query, e.g. <c>/v1/x?b=2&amp;a=1</c> → <c>/v1/x?a=1&amp;b=2</c>.</param>
    /// <returns>The canonical resource.</returns>
    public static string CanonicalResource(string pathAndQuery)
    {
        if (pathAndQuery is null)
        {
            throw new ArgumentNullException(nameof(pathAndQuery));
        }

        int q = pathAndQuery.IndexOf('?');
        if (q < 0)
        {
            return pathAndQuery;
        }

        string path = pathAndQuery.Substring(0, q);
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var part in pathAndQuery.Substring(q + 1).Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            int eq = part.IndexOf('=');
            parameters.Add(eq < 0
                ? new KeyValuePair<string, string>(part, string.Empty)
                : new KeyValuePair<string, string>(part.Substring(0, eq), part.Substring(eq + 1)));
        }

        if (parameters.Count == 0)
        {
            return path;
        }

        // A stable sort by name, so repeated names keep their order.
        var ordered = new List<(KeyValuePair<string, string> Pair, int Index)>(parameters.Count);
        for (int i = 0; i < parameters.Count; i++)
        {
            ordered.Add((parameters[i], i));
        }

        ordered.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Pair.Key, b.Pair.Key);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        var sb = new StringBuilder(pathAndQuery.Length).Append(path).Append('?');
        for (int i = 0; i < ordered.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('&');
            }

            var (key, value) = (ordered[i].Pair.Key, ordered[i].Pair.Value);
            sb.Append(key);
            if (value.Length > 0)
            {
                sb.Append('=').Append(value);
            }
        }

        return sb.ToString();
    }

    /// <summary>Signs a string to sign: Base64(HMAC-SHA256(app secret, UTF-8 string)).</summary>
    /// <param name="stringToSign">The output of <see cref="BuildStringToSign"/>.</param>
    /// <returns>The value of <c>X-Tsign-Open-Ca-Signature</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stringToSign"/> is null.</exception>
    public string SignString(string stringToSign)
    {
        if (stringToSign is null)
        {
            throw new ArgumentNullException(nameof(stringToSign));
        }

        byte[] message = Encoding.UTF8.GetBytes(stringToSign);
#if NETSTANDARD2_0
        using var hmac = new HMACSHA256(_key);
        return Convert.ToBase64String(hmac.ComputeHash(message));
#else
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, message, mac);
        return Convert.ToBase64String(mac);
#endif
    }

    /// <summary>Signs a request: builds the string to sign from the headers as sent and signs it.</summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="accept">The <c>Accept</c> header as sent, or empty.</param>
    /// <param name="contentMd5">The <c>Content-MD5</c> header as sent, or empty.</param>
    /// <param name="contentType">The <c>Content-Type</c> header as sent, byte for byte, or empty.</param>
    /// <param name="date">The <c>Date</c> header as sent, or empty.</param>
    /// <param name="pathAndQuery">The request path with its query (sorted here).</param>
    /// <returns>The value of <c>X-Tsign-Open-Ca-Signature</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="method"/> or <paramref name="pathAndQuery"/> is empty.</exception>
    public string Sign(string method, string? accept, string? contentMd5, string? contentType, string? date, string pathAndQuery)
        => SignString(BuildStringToSign(method, accept, contentMd5, contentType, date, pathAndQuery));

    /// <summary>Describes the signer without its secret.</summary>
    /// <returns><c>EsignSigner(HMAC-SHA256, secret redacted)</c>.</returns>
    public override string ToString() => "EsignSigner(HMAC-SHA256, secret redacted)";
}
