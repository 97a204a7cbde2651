using System;

namespace DocScan.Emulator.Shared;

/// <summary>Draws the emulator's outputs: "scanned" document rasters and A4 card layouts.</summary>
internal static class Renderer
{
    /// <summary>Largest side of a generated raster, to keep replies quick.</summary>
    public const int MaxSide = 2000;

    /// <summary>A4 at 150 dpi.</summary>
    public const int A4Width = 1240;

    /// <summary>A4 at 150 dpi.</summary>
    public const int A4Height = 1754;

    /// <summary>A document page of about the given size (scaled down to <see cref="MaxSide"/>, at least 16 px).</summary>
    public static GrayImage Document(double width, double height, int seed)
    {
        var (w, h) = Fit(width, height);
        var image = new GrayImage(w, h);
        image.DrawDocument(0, 0, w, h, seed);
        return image;
    }

    /// <summary>An A4 page with the cards laid out one under another, centred, each at its real size.</summary>
    public static GrayImage CardsOnA4(int count, double cardWidthMm, double cardHeightMm, int seed)
    {
        var page = new GrayImage(A4Width, A4Height);
        double pxPerMm = A4Width / 210.0;
        int w = (int)(cardWidthMm * pxPerMm), h = (int)(cardHeightMm * pxPerMm);
        int gap = (int)(20 * pxPerMm);
        int total = (count * h) + ((count - 1) * gap);
        int top = (A4Height - total) / 2;
        for (int i = 0; i < count; i++)
        {
            int x = (A4Width - w) / 2, y = top + (i * (h + gap));
            page.Fill(x, y, w, h, 0xE8);
            page.DrawDocument(x, y, w, h, seed + i);
        }

        return page;
    }

    /// <summary>The smaller, watermarked copy a free preview serves.</summary>
    public static GrayImage Preview(GrayImage full)
    {
        var preview = full.Scaled(Math.Max(16, full.Width / 2), Math.Max(16, full.Height / 2));
        preview.DrawWatermark();
        return preview;
    }

    public static (int Width, int Height) Fit(double width, double height)
    {
        width = Math.Max(1, width);
        height = Math.Max(1, height);
        double scale = Math.Min(1.0, MaxSide / Math.Max(width, height));
        return (Math.Max(16, (int)Math.Round(width * scale)), Math.Max(16, (int)Math.Round(height * scale)));
    }
}
