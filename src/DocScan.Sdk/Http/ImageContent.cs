using System.Net.Http;
using System.Net.Http.Headers;

namespace DocScan.Sdk;

/// <summary>Request bodies made from a <see cref="PreparedImage"/>.</summary>
internal static class ImageContent
{
    /// <summary>The raw content for one attempt (a multipart file part): streamed, with its length and media type.</summary>
    public static HttpContent Create(PreparedImage image)
    {
        var content = new StreamContent(image.OpenRead(), 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue(image.MediaType);
        content.Headers.ContentLength = image.Length;
        return content;
    }
}
