using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.ProcessImage;

/// <summary>The <c>imageBase64</c> field: <c>data:image/&lt;type&gt;;base64,</c> then the Base64, encoded from the image while it is written.</summary>
internal sealed class DataUriContent : HttpContent
{
    private readonly PreparedImage _image;
    private readonly byte[] _prefix;

    public DataUriContent(PreparedImage image)
    {
        _image = image;
        _prefix = Encoding.ASCII.GetBytes("data:" + image.MediaType + ";base64,");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _prefix.Length + Base64JsonContent.Base64Length(_image.Length);
        return true;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeAsync(stream, CancellationToken.None);

#if !NETSTANDARD2_0
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) => SerializeAsync(stream, cancellationToken);
#endif

    private async Task SerializeAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_prefix, 0, _prefix.Length, cancellationToken).ConfigureAwait(false);
        await Base64JsonContent.WriteBase64Async(_image, stream, cancellationToken).ConfigureAwait(false);
    }
}
