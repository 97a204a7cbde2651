using System;
using System.Collections;
using System.Collections.Generic;
#if !NETSTANDARD2_0
using System.Diagnostics.CodeAnalysis;
#endif
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace DocScan.Sdk.Http;

/// <summary>The response headers a result exposes: everything but credentials, as one read-only, case-insensitive map.</summary>
internal static class ResponseHeaderSnapshot
{
    private static readonly string[] CredentialWords = { "cookie", "token", "secret", "signature", "key", "auth", "password", "credential" };

    /// <summary>
    /// The headers of <paramref name="response"/>, read when first asked for: most callers never look, and building
    /// the map costs a dictionary and a string per header on every call. The header collections outlive the response.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Of(HttpResponseMessage response) => new LazyHeaders(response.Headers, response.Content?.Headers);

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

    private static Dictionary<string, string> Build(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(map, headers);
        if (contentHeaders is not null)
        {
            Add(map, contentHeaders);
        }

        return map;
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

    private sealed class LazyHeaders : IReadOnlyDictionary<string, string>
    {
        private readonly HttpHeaders _headers;
        private readonly HttpHeaders? _contentHeaders;
        private Dictionary<string, string>? _map;

        public LazyHeaders(HttpHeaders headers, HttpHeaders? contentHeaders)
        {
            _headers = headers;
            _contentHeaders = contentHeaders;
        }

        public int Count => Map.Count;

        public IEnumerable<string> Keys => Map.Keys;

        public IEnumerable<string> Values => Map.Values;

        // HttpHeaders is not safe to enumerate from two threads at once: the first reader builds the map under a lock.
        private Dictionary<string, string> Map
        {
            get
            {
                var map = Volatile.Read(ref _map);
                if (map is not null)
                {
                    return map;
                }

                lock (_headers)
                {
                    return _map ??= Build(_headers, _contentHeaders);
                }
            }
        }

        public string this[string key] => Map[key];

        public bool ContainsKey(string key) => Map.ContainsKey(key);

#if NETSTANDARD2_0
        public bool TryGetValue(string key, out string value) => Map.TryGetValue(key, out value!);
#else
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => Map.TryGetValue(key, out value);
#endif

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Map.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
