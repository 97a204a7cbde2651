using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Tests.Qingyang;

/// <summary>One part of a multipart body: its header lines and its bytes.</summary>
internal sealed record MultipartPart(IReadOnlyDictionary<string, string> Headers, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>Splits a multipart/form-data body the way a server would.</summary>
internal static class Multipart
{
    public static List<MultipartPart> Parse(string contentType, byte[] body)
    {
        var boundary = MediaTypeHeaderValue.Parse(contentType).Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<MultipartPart>();
        int start = IndexOf(body, delimiter, 0);
        Assert.True(start >= 0, "no boundary in the body");
        while (true)
        {
            int after = start + delimiter.Length;
            if (body[after] == '-' && body[after + 1] == '-')
            {
                break; // closing delimiter
            }

            int headersStart = after + 2; // CRLF
            int headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), headersStart);
            var headers = Encoding.UTF8.GetString(body, headersStart, headersEnd - headersStart)
                .Split("\r\n")
                .Select(l => l.Split(':', 2))
                .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.OrdinalIgnoreCase);
            int contentStart = headersEnd + 4;
            int next = IndexOf(body, delimiter, contentStart);
            parts.Add(new MultipartPart(headers, body.AsSpan(contentStart, next - 2 - contentStart).ToArray()));
            start = next;
        }

        return parts;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        int i = haystack.AsSpan(from).IndexOf(needle);
        return i < 0 ? -1 : from + i;
    }
}
