using System;
using System.Buffers.Binary;

namespace DocScan.Emulator.Shared;

/// <summary>The image kinds the vendors talk about, recognised by their magic bytes.</summary>
internal enum ImageKind
{
    Unknown,
    Jpeg,
    Png,
    Bmp,
    Pdf,
    Webp,
    Gif,
}

/// <summary>Recognises an upload by its magic bytes and reads its size from the header where it can.</summary>
internal static class ImageProbe
{
    /// <summary>Width and height used when a header does not say (a truncated JPEG, a PDF, an image URL).</summary>
    public const int DefaultWidth = 1240;

    /// <summary>See <see cref="DefaultWidth"/>.</summary>
    public const int DefaultHeight = 1754;

    public static ImageKind Kind(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ImageKind.Jpeg;
        }

        if (data.Length >= 8 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageKind.Png;
        }

        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            return ImageKind.Bmp;
        }

        if (data.Length >= 5 && data[..5].SequenceEqual("%PDF-"u8))
        {
            return ImageKind.Pdf;
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageKind.Webp;
        }

        if (data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)))
        {
            return ImageKind.Gif;
        }

        return ImageKind.Unknown;
    }

    public static string MediaType(ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => "image/jpeg",
        ImageKind.Png => "image/png",
        ImageKind.Bmp => "image/bmp",
        ImageKind.Pdf => "application/pdf",
        ImageKind.Webp => "image/webp",
        ImageKind.Gif => "image/gif",
        _ => "application/octet-stream",
    };

    public static string Extension(ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => "jpeg",
        ImageKind.Png => "png",
        ImageKind.Bmp => "bmp",
        ImageKind.Pdf => "pdf",
        ImageKind.Webp => "webp",
        ImageKind.Gif => "gif",
        _ => "bin",
    };

    /// <summary>Width and height from the header, or the defaults when the header does not say.</summary>
    public static (int Width, int Height) Size(ReadOnlySpan<byte> data)
        => TrySize(data, out int w, out int h) ? (w, h) : (DefaultWidth, DefaultHeight);

    public static bool TrySize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        switch (Kind(data))
        {
            case ImageKind.Png when data.Length >= 24:
                width = BinaryPrimitives.ReadInt32BigEndian(data.Slice(16, 4));
                height = BinaryPrimitives.ReadInt32BigEndian(data.Slice(20, 4));
                break;
            case ImageKind.Bmp when data.Length >= 26:
                width = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(18, 4));
                height = Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data.Slice(22, 4)));
                break;
            case ImageKind.Jpeg:
                return TryJpegSize(data, out width, out height);
            default:
                return false;
        }

        return width > 0 && height > 0;
    }

    private static bool TryJpegSize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        int i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return false;
            }

            byte marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 2, 2));
            bool startOfFrame = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (startOfFrame && i + 9 <= data.Length)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 5, 2));
                width = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 7, 2));
                return width > 0 && height > 0;
            }

            i += 2 + length;
        }

        return false;
    }
}
