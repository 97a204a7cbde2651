using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.ProcessImage;

/// <summary>An image read once per call, hashed while it is read; every attempt sends these same bytes.</summary>
internal sealed class HashedImage
{
    private HashedImage(ReadOnlyMemory<byte> bytes, string md5)
    {
        Bytes = bytes;
        Md5 = md5;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Lowercase hex MD5 of <see cref="Bytes"/>.</summary>
    public string Md5 { get; }

    /// <summary>
    /// In-memory content is hashed in place. A file or seekable stream is read exactly once, into memory (at most
    /// 4 MiB, checked before), with the MD5 computed over each chunk as it arrives: the signature header must be
    /// known before the body is sent, so the alternative would be a second pass over the file.
    /// </summary>
    public static async ValueTask<HashedImage> ReadAsync(PreparedImage image, CancellationToken cancellationToken)
    {
        if (image.TryGetMemory(out var memory))
        {
            return new HashedImage(memory, ProcessImageSigning.Md5Hex(memory.Span));
        }

        long expected = image.Length;
        var buffer = new MemoryStream(expected is > 0 and < int.MaxValue ? (int)expected : 64 * 1024);
#pragma warning disable CA5351 // MD5 is the vendor's protocol, not our choice.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var source = image.OpenRead();
            while (true)
            {
                int read = await source.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                md5.AppendData(chunk, 0, read);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new HashedImage(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), ProcessImageSigning.ToLowerHex(md5.GetHashAndReset()));
    }

    public HttpContent CreateContent(string mediaType)
    {
        var content = new StreamContent(new ReadOnlyMemoryStream(Bytes), 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        content.Headers.ContentLength = Bytes.Length;
        return content;
    }
}
