namespace DocScan.Sdk;

internal static class ImageFormatSniffer
{
    public const int HeaderLength = 12;

    public static ImageFormat Sniff(System.ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (h.Length >= 8 && h[0] == 0x89 && h[1] == 0x50 && h[2] == 0x4E && h[3] == 0x47 && h[4] == 0x0D && h[5] == 0x0A && h[6] == 0x1A && h[7] == 0x0A)
        {
            return ImageFormat.Png;
        }

        if (h.Length >= 5 && h[0] == (byte)'%' && h[1] == (byte)'P' && h[2] == (byte)'D' && h[3] == (byte)'F' && h[4] == (byte)'-')
        {
            return ImageFormat.Pdf;
        }

        if (h.Length >= 12 && h[0] == (byte)'R' && h[1] == (byte)'I' && h[2] == (byte)'F' && h[3] == (byte)'F'
            && h[8] == (byte)'W' && h[9] == (byte)'E' && h[10] == (byte)'B' && h[11] == (byte)'P')
        {
            return ImageFormat.WebP;
        }

        if (h.Length >= 2 && h[0] == (byte)'B' && h[1] == (byte)'M')
        {
            return ImageFormat.Bmp;
        }

        return ImageFormat.Unknown;
    }

    public static string MediaType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Bmp => "image/bmp",
        ImageFormat.Pdf => "application/pdf",
        ImageFormat.WebP => "image/webp",
        _ => "application/octet-stream",
    };

    public static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Png => ".png",
        ImageFormat.Bmp => ".bmp",
        ImageFormat.Pdf => ".pdf",
        ImageFormat.WebP => ".webp",
        _ => ".bin",
    };
}
