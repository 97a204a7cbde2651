using System;

namespace DocScan.Emulator.Shared;

/// <summary>An 8-bit greyscale raster the emulator draws its "scans" on (white page, dark text bars).</summary>
internal sealed class GrayImage
{
    public GrayImage(int width, int height, byte background = 0xFF)
    {
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height)];
        Pixels.AsSpan().Fill(background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels, 0 black .. 255 white.</summary>
    public byte[] Pixels { get; }

    public void Fill(int x, int y, int w, int h, byte value)
    {
        int x0 = Math.Clamp(x, 0, Width), x1 = Math.Clamp(x + w, 0, Width);
        int y0 = Math.Clamp(y, 0, Height), y1 = Math.Clamp(y + h, 0, Height);
        for (int row = y0; row < y1; row++)
        {
            Pixels.AsSpan((row * Width) + x0, x1 - x0).Fill(value);
        }
    }

    public void Frame(int x, int y, int w, int h, int thickness, byte value)
    {
        Fill(x, y, w, thickness, value);
        Fill(x, y + h - thickness, w, thickness, value);
        Fill(x, y, thickness, h, value);
        Fill(x + w - thickness, y, thickness, h, value);
    }

    /// <summary>Draws a document-like page: a margin frame, a title bar and lines of "text" whose lengths vary with <paramref name="seed"/>.</summary>
    public void DrawDocument(int x, int y, int w, int h, int seed)
    {
        int margin = Math.Max(2, Math.Min(w, h) / 12);
        int line = Math.Max(2, h / 40);
        Frame(x, y, w, h, Math.Max(1, Math.Min(w, h) / 200), 0x80);
        Fill(x + margin, y + margin, (w - (2 * margin)) * 2 / 3, line * 2, 0x30);
        var random = new Random(seed);
        for (int top = y + margin + (line * 4); top + line < y + h - margin; top += line * 2)
        {
            int length = (w - (2 * margin)) * random.Next(55, 101) / 100;
            Fill(x + margin, top, length, line, 0x50);
        }
    }

    /// <summary>A light diagonal band, the "watermark" of a preview.</summary>
    public void DrawWatermark()
    {
        int band = Math.Max(4, Math.Min(Width, Height) / 10);
        for (int row = 0; row < Height; row++)
        {
            int center = (int)((long)row * Width / Math.Max(1, Height));
            int start = Math.Max(0, center - band), end = Math.Min(Width, center + band);
            for (int col = start; col < end; col++)
            {
                int i = (row * Width) + col;
                Pixels[i] = (byte)(Pixels[i] * 3 / 4);
            }
        }
    }

    /// <summary>A copy scaled by nearest neighbour (previews are smaller than downloads).</summary>
    public GrayImage Scaled(int width, int height)
    {
        var result = new GrayImage(Math.Max(1, width), Math.Max(1, height));
        for (int row = 0; row < result.Height; row++)
        {
            int sourceRow = (int)((long)row * Height / result.Height);
            for (int col = 0; col < result.Width; col++)
            {
                result.Pixels[(row * result.Width) + col] = Pixels[(sourceRow * Width) + (int)((long)col * Width / result.Width)];
            }
        }

        return result;
    }
}
