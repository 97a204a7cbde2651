using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace DocScan.Emulator.Esign;

/// <summary>
/// The e签宝 gateway signature, as vendor-notes.md spells it out: the string to sign is
/// <c>METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n</c> (each part followed by a newline even when empty),
/// then the signed headers (none), then the path plus <c>?</c> and the query parameters sorted by name as
/// <c>k=v</c> joined by <c>&amp;</c> (raw values). Signature = Base64(HMAC-SHA256(UTF-8 secret, UTF-8 string)).
/// </summary>
internal static class EsignSignature
{
    public static string StringToSign(string method, string accept, string contentMd5, string contentType, string date, string path, string query)
        => $"{method}\n{accept}\n{contentMd5}\n{contentType}\n{date}\n{PathAndQuery(path, query)}";

    /// <summary>The path, plus the raw query parameters sorted by name (ordinal).</summary>
    public static string PathAndQuery(string path, string query)
    {
        query = query.TrimStart('?');
        if (query.Length == 0)
        {
            return path;
        }

        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .OrderBy(p => p.Split('=', 2)[0], StringComparer.Ordinal)
            .ThenBy(p => p, StringComparer.Ordinal);
        return path + "?" + string.Join('&', parameters);
    }

    public static string Sign(string secret, string stringToSign)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Base64 of the 16-byte MD5 of the body (not the hex string).</summary>
    public static string ContentMd5(ReadOnlySpan<byte> body) => Convert.ToBase64String(MD5.HashData(body));

    public static bool Matches(string expected, string actual)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
