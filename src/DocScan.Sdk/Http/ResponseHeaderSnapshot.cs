using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;

namespace DocScan.Sdk.Http;

/// <summary>The response headers a result exposes: everything but credentials, as one read-only, case-insensitive map.</summary>
internal static class ResponseHeaderSnapshot
{
    private static readonly string[] CredentialWords = { "cookie", "token", "secret", "signature", "key", "auth", "password", "credential" };

    public static IReadOnlyDictionary<string, string> Of(HttpResponseMessage response)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(map, response.Headers);
        if (response.Content is { } content)
        {
            Add(map, content.Headers);
        }

        return map;
    }

    /// <summary>Whether a header may carry a credential (Set-Cookie, WWW-Authenticate, a vendor's token or signature echo).</summary>
    public static bool IsSensitive(string name)
    {
        foreach (var word in CredentialWords)
        {
            if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(Dictionary<string, string> map, HttpHeaders headers)
    {
        foreach (var header in headers)
        {
            if (!IsSensitive(header.Key))
            {
                map[header.Key] = string.Join(", ", header.Value);
            }
        }
    }
}
