using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace DocScan.Sdk;

/// <summary>Request bodies made from a <see cref="PreparedImage"/>.</summary>
internal static class ImageContent
{
    /// <summary>The raw content for one attempt (a multipart file part): streamed, with its length and media type.</summary>
    public static HttpContent Create(PreparedImage image)
    {
        // Bytes already in memory go out as they are; a file or a caller's stream is streamed from its start.
        HttpContent content = image.TryGetMemory(out var memory) && MemoryMarshal.TryGetArray(memory, out var bytes)
            ? new ByteArrayContent(bytes.Array!, bytes.Offset, bytes.Count)
            : new StreamContent(image.OpenRead(), 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue(image.MediaType);
        content.Headers.ContentLength = image.Length;
        return content;
    }
}
