using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace DocScan.Emulator.Shared;

/// <summary>
/// A minimal PDF 1.4 writer: one page per raster, each drawn full-page from a greyscale image XObject
/// (<c>/FlateDecode</c>) with a line of Helvetica text at the foot, a cross-reference table with exact offsets.
/// </summary>
internal static class Pdf
{
    /// <summary>Writes the pages; <paramref name="pageWidth"/> and <paramref name="pageHeight"/> are in points (A4 is 595 × 842).</summary>
    public static byte[] Write(IReadOnlyList<GrayImage> pages, double pageWidth, double pageHeight, string caption)
    {
        ArgumentOutOfRangeException.ThrowIfZero(pages.Count);
        var writer = new Writer();
        writer.Raw("%PDF-1.4\n%\u00E2\u00E3\u00CF\u00D3\n");

        // Object numbers: 1 catalog, 2 pages, 3 font, then 3 per page: page, content, image.
        int pageCount = pages.Count;
        var kids = new StringBuilder();
        for (int i = 0; i < pageCount; i++)
        {
            kids.Append(CultureInfo.InvariantCulture, $"{4 + (3 * i)} 0 R ");
        }

        writer.Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        writer.Object(2, $"<< /Type /Pages /Kids [{kids.ToString().TrimEnd()}] /Count {pageCount} >>");
        writer.Object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");

        string w = Number(pageWidth), h = Number(pageHeight);
        for (int i = 0; i < pageCount; i++)
        {
            int page = 4 + (3 * i), content = page + 1, image = page + 2;
            writer.Object(page, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /XObject << /Im0 {image} 0 R >> /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>");

            string text = Escape($"{caption} - page {i + 1} of {pageCount}");
            byte[] operators = Encoding.ASCII.GetBytes($"q {w} 0 0 {h} 0 0 cm /Im0 Do Q\nBT /F1 9 Tf 24 14 Td ({text}) Tj ET\n");
            writer.Stream(content, "", operators);

            GrayImage raster = pages[i];
            writer.Stream(image, $"/Type /XObject /Subtype /Image /Width {raster.Width} /Height {raster.Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", Zlib(raster.Pixels));
        }

        return writer.Finish(objectCount: 3 + (3 * pageCount), root: 1);
    }

    /// <summary>Millimetres to PDF points.</summary>
    public static double Points(double millimetres) => millimetres * 72.0 / 25.4;

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private sealed class Writer
    {
        private readonly MemoryStream _output = new();
        private readonly SortedDictionary<int, long> _offsets = [];

        public void Raw(string text) => _output.Write(Encoding.Latin1.GetBytes(text));

        public void Object(int number, string dictionary)
        {
            _offsets[number] = _output.Position;
            Raw($"{number} 0 obj\n{dictionary}\nendobj\n");
        }

        public void Stream(int number, string entries, byte[] data)
        {
            _offsets[number] = _output.Position;
            Raw($"{number} 0 obj\n<< {entries} /Length {data.Length} >>\nstream\n");
            _output.Write(data);
            Raw("\nendstream\nendobj\n");
        }

        public byte[] Finish(int objectCount, int root)
        {
            long xref = _output.Position;
            var table = new StringBuilder();
            table.Append(CultureInfo.InvariantCulture, $"xref\n0 {objectCount + 1}\n0000000000 65535 f \n");
            for (int i = 1; i <= objectCount; i++)
            {
                table.Append(CultureInfo.InvariantCulture, $"{_offsets[i]:D10} 00000 n \n");
            }

            table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objectCount + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            Raw(table.ToString());
            return _output.ToArray();
        }
    }
}
