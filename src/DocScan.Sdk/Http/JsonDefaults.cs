using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;

namespace DocScan.Sdk;

internal static class JsonDefaults
{
    /// <summary>
    /// Leaves <c>+</c> (escaped as <c>\u002B</c> by the default encoder, inflating Base64 by 8%) and Chinese
    /// text as they are. Safe here: request bodies go to HTTP APIs, never into HTML.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>A small JSON body already serialised to UTF-8, as <c>application/json</c> (as the vendors' own samples send it). One per attempt.</summary>
    public static HttpContent Content(byte[] utf8)
    {
        var content = new ObservedByteArrayContent(utf8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
