// Regenerates the sample inputs in this folder: `dotnet run make-assets.cs` (from samples/assets).
// The images are drawn here, with a 5x7 bitmap font and a small greyscale PNG encoder, so they are
// reproducible anywhere and contain no real person's data. Every text is made up; the ID card says SPECIMEN.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

string folder = Directory.GetCurrentDirectory();

// A photo of a receipt lying on a desk: the input of the ClipImg and Aliyun scans.
var receipt = new Gray(420, 520, 246);
receipt.Text(30, 34, "ACME OFFICE SUPPLIES", 3, 20);
receipt.Text(30, 78, "12 SAMPLE ROAD, EXAMPLE CITY", 2, 60);
receipt.Rect(30, 104, 360, 3, 40);
string[] items = ["PAPER A4 500 SHEETS  2 X 25.00", "STAPLER             1 X 18.50", "PENS BLUE (10)      1 X 12.00", "FOLDERS             4 X  2.75"];
for (int i = 0; i < items.Length; i++)
{
    receipt.Text(30, 126 + (i * 30), items[i], 2, 30);
}

receipt.Rect(30, 252, 360, 3, 40);
receipt.Text(30, 274, "TOTAL               CNY 91.50", 2, 10);
receipt.Text(30, 316, "RECEIPT NO 20250117-0042", 2, 60);
receipt.Text(30, 346, "2025-01-17 14:32", 2, 60);
receipt.Text(102, 440, "THANK YOU", 4, 30);
Save("document-photo.png", Photo(680, 620, 86, receipt, angle: 7, seed: 1));

// An ID card, front and back (SPECIMEN, made-up data): ClipImg's ID-card A4 layout and Qingyang's OCR.
var front = new Gray(428, 270, 228);
front.Text(20, 18, "RESIDENT IDENTITY CARD", 2, 60);
front.Text(20, 58, "NAME    ZHANG SAN", 2, 20);
front.Text(20, 88, "SEX     M   NATION HAN", 2, 20);
front.Text(20, 118, "BORN    1990-01-01", 2, 20);
front.Text(20, 148, "ADDRESS 1 SAMPLE ROAD", 2, 20);
front.Text(20, 176, "        EXAMPLE CITY", 2, 20);
front.Text(20, 226, "ID NO 000000199001010000", 2, 10);
front.Rect(318, 52, 90, 112, 150);
front.Ellipse(363, 92, 26, 30, 95);
front.Ellipse(363, 160, 42, 28, 95);
front.Rect(318, 164, 90, 16, 228);
front.Text(322, 188, "SPECIMEN", 2, 120);
Save("idcard-front.png", Photo(560, 400, 70, front, angle: -4, seed: 2));

var back = new Gray(428, 270, 232);
back.Ellipse(62, 66, 40, 40, 120);
back.Ellipse(62, 66, 30, 30, 232);
back.Text(52, 58, "*", 4, 120);
back.Text(120, 40, "PEOPLES REPUBLIC", 3, 30);
back.Text(120, 74, "SAMPLE ISSUE", 3, 30);
back.Text(20, 160, "ISSUED BY  EXAMPLE CITY BUREAU", 2, 20);
back.Text(20, 196, "VALID      2020.01.01-2040.01.01", 2, 20);
back.Text(150, 238, "SPECIMEN", 2, 120);
Save("idcard-back.png", Photo(560, 400, 70, back, angle: 3, seed: 3));

// A three-page contract, photographed page by page: ClipImg's document layout (PDF) and e签宝's OCR.
string[][] pages =
[
    ["SERVICE AGREEMENT", "", "THIS AGREEMENT IS MADE ON", "17 JANUARY 2025 BETWEEN", "EXAMPLE TRADING CO. (THE", "CLIENT) AND SAMPLE SERVICES", "LTD. (THE PROVIDER).", "", "1. SERVICES", "THE PROVIDER SCANS, CROPS", "AND ARCHIVES THE CLIENTS", "PAPER RECORDS.", "", "2. TERM", "ONE YEAR FROM SIGNATURE."],
    ["3. FEES", "", "CNY 1,200 PER MONTH, PAID", "WITHIN 30 DAYS OF INVOICE.", "", "4. CONFIDENTIALITY", "", "EACH PARTY KEEPS THE OTHER", "PARTYS DOCUMENTS PRIVATE", "AND USES THEM ONLY FOR", "THIS AGREEMENT.", "", "5. TERMINATION", "EITHER PARTY MAY END THIS", "AGREEMENT WITH 30 DAYS NOTICE."],
    ["6. SIGNATURES", "", "FOR THE CLIENT", "", "NAME  LI SI", "DATE  2025-01-17", "", "", "FOR THE PROVIDER", "", "NAME  WANG WU", "DATE  2025-01-17", "", "", "SAMPLE DOCUMENT - NOT VALID"],
];
for (int p = 0; p < pages.Length; p++)
{
    var page = new Gray(420, 594, 244);
    for (int line = 0; line < pages[p].Length; line++)
    {
        bool heading = line == 0;
        page.Text(28, 30 + (line * 32) + (heading ? 0 : 10), pages[p][line], heading ? 3 : 2, heading ? 10 : 35);
    }

    page.Text(170, 560, $"PAGE {p + 1} OF 3", 2, 90);
    if (p == 2)
    {
        page.Rect(120, 150, 160, 2, 40);
        page.Rect(120, 318, 160, 2, 40);
    }

    Save($"contract-page-{p + 1}.png", Photo(560, 720, 92, page, angle: p switch { 0 => -3, 1 => 2, _ => -1 }, seed: 10 + p));
}

// A product picture with a text watermark over it: processimage.cn's watermark removal.
var picture = new Gray(600, 360, 250);
picture.Rect(40, 60, 200, 240, 170);
picture.Ellipse(140, 140, 60, 60, 120);
picture.Rect(80, 220, 120, 60, 200);
picture.Text(280, 80, "DESK LAMP", 4, 20);
picture.Text(280, 140, "MODEL DL-200", 2, 60);
picture.Text(280, 170, "LED, 3 BRIGHTNESS LEVELS", 2, 60);
picture.Text(280, 200, "CNY 129", 3, 20);
picture.Text(60, 236, "SAMPLE WATERMARK", 5, 205, blend: true);
picture.Text(400, 326, "WWW.EXAMPLE.COM", 2, 190, blend: true);
Save("watermarked.png", picture);

void Save(string name, Gray image)
{
    byte[] png = image.EncodePng();
    File.WriteAllBytes(Path.Combine(folder, name), png);
    Console.WriteLine($"{name,-22} {image.Width}x{image.Height}  {png.Length / 1024.0:F1} KB");
}

// A paper lying on a desk: the page turned by `angle` degrees, with a soft shadow.
static Gray Photo(int width, int height, byte desk, Gray page, double angle, int seed)
{
    var photo = new Gray(width, height, desk);
    // A gentle light falloff across the desk, in bands so the PNG stays small.
    for (int y = 0; y < height; y++)
    {
        for (int x = 0; x < width; x++)
        {
            int shade = desk + 12 - (((x + y + (seed * 37)) * 24 / (width + height)) / 4 * 4);
            photo[x, y] = (byte)Math.Clamp(shade, 0, 255);
        }
    }

    double radians = angle * Math.PI / 180, cos = Math.Cos(radians), sin = Math.Sin(radians);
    double cx = width / 2.0, cy = height / 2.0;
    for (int pass = 0; pass < 2; pass++)
    {
        double dx = pass == 0 ? 9 : 0, dy = pass == 0 ? 12 : 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // Where this photo pixel falls on the page (inverse rotation about the centre).
                double rx = x - cx - dx, ry = y - cy - dy;
                double u = (cos * rx) + (sin * ry) + (page.Width / 2.0);
                double v = (-sin * rx) + (cos * ry) + (page.Height / 2.0);
                if (u < 0 || v < 0 || u > page.Width - 1 || v > page.Height - 1)
                {
                    continue;
                }

                photo[x, y] = pass == 0 ? (byte)(photo[x, y] * 0.6) : page.Sample(u, v);
            }
        }
    }

    return photo;
}

internal sealed class Gray(int width, int height, byte background)
{
    private readonly byte[] _pixels = Fill(width * height, background);

    public int Width { get; } = width;

    public int Height { get; } = height;

    public byte this[int x, int y]
    {
        get => _pixels[(y * Width) + x];
        set => _pixels[(y * Width) + x] = value;
    }

    public void Rect(int x, int y, int w, int h, byte value)
    {
        for (int j = Math.Max(0, y); j < Math.Min(Height, y + h); j++)
        {
            for (int i = Math.Max(0, x); i < Math.Min(Width, x + w); i++)
            {
                this[i, j] = value;
            }
        }
    }

    public void Ellipse(int centerX, int centerY, int radiusX, int radiusY, byte value)
    {
        for (int j = centerY - radiusY; j <= centerY + radiusY; j++)
        {
            for (int i = centerX - radiusX; i <= centerX + radiusX; i++)
            {
                double nx = (i - centerX) / (double)radiusX, ny = (j - centerY) / (double)radiusY;
                if (i >= 0 && j >= 0 && i < Width && j < Height && (nx * nx) + (ny * ny) <= 1)
                {
                    this[i, j] = value;
                }
            }
        }
    }

    /// <summary>Draws text in the 5x7 font, each font pixel a <paramref name="scale"/>-sized square; <paramref name="blend"/> halves it into what is below (a watermark).</summary>
    public void Text(int x, int y, string text, int scale, int value, bool blend = false)
    {
        foreach (char c in text.ToUpperInvariant())
        {
            if (Font.Glyphs.TryGetValue(c, out string[]? rows))
            {
                for (int row = 0; row < 7; row++)
                {
                    for (int col = 0; col < 5; col++)
                    {
                        if (rows[row][col] != '#')
                        {
                            continue;
                        }

                        for (int j = 0; j < scale; j++)
                        {
                            for (int i = 0; i < scale; i++)
                            {
                                int px = x + (col * scale) + i, py = y + (row * scale) + j;
                                if (px < Width && py < Height)
                                {
                                    this[px, py] = (byte)(blend ? (this[px, py] + value) / 2 : value);
                                }
                            }
                        }
                    }
                }
            }

            x += 6 * scale;
        }
    }

    /// <summary>Bilinear sample at a fractional position inside the image.</summary>
    public byte Sample(double u, double v)
    {
        int x0 = (int)u, y0 = (int)v;
        int x1 = Math.Min(x0 + 1, Width - 1), y1 = Math.Min(y0 + 1, Height - 1);
        double fx = u - x0, fy = v - y0;
        double top = (this[x0, y0] * (1 - fx)) + (this[x1, y0] * fx);
        double bottom = (this[x0, y1] * (1 - fx)) + (this[x1, y1] * fx);
        return (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
    }

    /// <summary>8-bit greyscale PNG; each row gets the filter with the smallest sum of absolute values (the usual heuristic).</summary>
    public byte[] EncodePng()
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth; colour type 0 (greyscale), deflate, adaptive filtering, no interlace
        Chunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var best = new byte[Width];
            var candidate = new byte[Width];
            for (int y = 0; y < Height; y++)
            {
                long bestScore = long.MaxValue;
                byte bestFilter = 0;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    long score = 0;
                    for (int x = 0; x < Width; x++)
                    {
                        int a = x > 0 ? this[x - 1, y] : 0, b = y > 0 ? this[x, y - 1] : 0, c = x > 0 && y > 0 ? this[x - 1, y - 1] : 0;
                        int predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) };
                        candidate[x] = (byte)(this[x, y] - predictor);
                        score += Math.Abs((int)(sbyte)candidate[x]);
                    }

                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestFilter = filter;
                        candidate.CopyTo(best, 0);
                    }
                }

                zlib.WriteByte(bestFilter);
                zlib.Write(best);
            }
        }

        Chunk(output, "IDAT"u8, compressed.ToArray());
        Chunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        output.Write(type);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        output.Write(number);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc;
    }

    private static byte[] Fill(int length, byte value)
    {
        var pixels = new byte[length];
        Array.Fill(pixels, value);
        return pixels;
    }
}

internal static class Font
{
    public static readonly Dictionary<char, string[]> Glyphs = Parse(new Dictionary<char, string>
    {
        ['A'] = ".###.|#...#|#...#|#####|#...#|#...#|#...#",
        ['B'] = "####.|#...#|#...#|####.|#...#|#...#|####.",
        ['C'] = ".###.|#...#|#....|#....|#....|#...#|.###.",
        ['D'] = "####.|#...#|#...#|#...#|#...#|#...#|####.",
        ['E'] = "#####|#....|#....|####.|#....|#....|#####",
        ['F'] = "#####|#....|#....|####.|#....|#....|#....",
        ['G'] = ".###.|#...#|#....|#.###|#...#|#...#|.####",
        ['H'] = "#...#|#...#|#...#|#####|#...#|#...#|#...#",
        ['I'] = ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
        ['J'] = "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
        ['K'] = "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
        ['L'] = "#....|#....|#....|#....|#....|#....|#####",
        ['M'] = "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
        ['N'] = "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
        ['O'] = ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
        ['P'] = "####.|#...#|#...#|####.|#....|#....|#....",
        ['Q'] = ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
        ['R'] = "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
        ['S'] = ".####|#....|#....|.###.|....#|....#|####.",
        ['T'] = "#####|..#..|..#..|..#..|..#..|..#..|..#..",
        ['U'] = "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
        ['V'] = "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
        ['W'] = "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
        ['X'] = "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
        ['Y'] = "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
        ['Z'] = "#####|....#|...#.|..#..|.#...|#....|#####",
        ['0'] = ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
        ['1'] = "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
        ['2'] = ".###.|#...#|....#|...#.|..#..|.#...|#####",
        ['3'] = "#####|...#.|..#..|...#.|....#|#...#|.###.",
        ['4'] = "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
        ['5'] = "#####|#....|####.|....#|....#|#...#|.###.",
        ['6'] = "..##.|.#...|#....|####.|#...#|#...#|.###.",
        ['7'] = "#####|....#|...#.|..#..|.#...|.#...|.#...",
        ['8'] = ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
        ['9'] = ".###.|#...#|#...#|.####|....#|...#.|.##..",
        ['.'] = ".....|.....|.....|.....|.....|.##..|.##..",
        [','] = ".....|.....|.....|.....|.##..|..#..|.#...",
        ['-'] = ".....|.....|.....|#####|.....|.....|.....",
        [':'] = ".....|.##..|.##..|.....|.##..|.##..|.....",
        ['/'] = "....#|....#|...#.|..#..|.#...|#....|#....",
        ['('] = "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
        [')'] = ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
        ['*'] = ".....|#.#.#|.###.|#####|.###.|#.#.#|.....",
    });

    private static Dictionary<char, string[]> Parse(Dictionary<char, string> source)
    {
        var glyphs = new Dictionary<char, string[]>();
        foreach (var (c, rows) in source)
        {
            glyphs[c] = rows.Split('|');
        }

        return glyphs;
    }
}
