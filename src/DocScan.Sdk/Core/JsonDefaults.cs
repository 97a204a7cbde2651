using System.Text.Encodings.Web;

namespace DocScan.Sdk;

internal static class JsonDefaults
{
    /// <summary>
    /// Leaves <c>+</c> (escaped as <c>\u002B</c> by the default encoder, inflating Base64 by 8%) and Chinese
    /// text as they are. Safe here: request bodies go to HTTP APIs, never into HTML.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
