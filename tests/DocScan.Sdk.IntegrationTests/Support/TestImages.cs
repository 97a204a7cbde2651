using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace DocScan.Sdk.IntegrationTests.Support;

/// <summary>Real images made in memory (no files shipped), and a strict PNG check for what comes back.</summary>
internal static class TestImages
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// A valid 8-bit greyscale PNG. <paramref name="seed"/> changes the pixels (so processimage.cn does not
    /// answer from its result cache); <paramref name="noise"/> fills it with incompressible bytes, for large uploads.
    /// </summary>
    public static byte[] Png(int width = 640, int height = 480, int seed = 0, bool noise = false)
    {
        var raw = new byte[height * (width + 1)];
        var random = new Random(seed);
        for (int y = 0; y < height; y++)
        {
            int row = y * (width + 1);
            raw[row] = 0; // filter: none
            if (noise)
            {
                random.NextBytes(raw.AsSpan(row + 1, width));
            }
            else
            {
                for (int x = 0; x < width; x++)
                {
                    raw[row + 1 + x] = (byte)(((x / 16) + (y / 16) + seed) % 2 == 0 ? 0xE0 : 0x30);
                }
            }
        }

        byte[] idat;
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, noise ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(raw);
            }

            idat = compressed.ToArray();
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale

        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", idat);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// Whether <paramref name="data"/> is a complete, decodable PNG: signature, IHDR first, every chunk CRC right,
    /// IEND last, and the inflated IDAT stream exactly as long as the header's size and colour type require.
    /// </summary>
    public static bool IsValidPng(ReadOnlySpan<byte> data, out int width, out int height, out string problem)
    {
        width = height = 0;
        problem = "";
        if (data.Length < 8 || !data[..8].SequenceEqual(Signature))
        {
            problem = "no PNG signature";
            return false;
        }

        int offset = 8;
        int bytesPerPixel = 0;
        bool sawEnd = false;
        using var idat = new MemoryStream();
        while (offset + 12 <= data.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            if (length < 0 || offset + 12 + length > data.Length)
            {
                problem = $"chunk at {offset} runs past the end";
                return false;
            }

            var typeAndData = data.Slice(offset + 4, 4 + length);
            string type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 8 + length)..]);
            if (crc != Crc(typeAndData))
            {
                problem = $"bad CRC on {type}";
                return false;
            }

            var body = typeAndData[4..];
            if (offset == 8)
            {
                if (type != "IHDR" || length != 13)
                {
                    problem = "IHDR is not the first chunk";
                    return false;
                }

                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                int depth = body[8];
                int channels = body[9] switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
                if (depth != 8 || channels == 0 || width <= 0 || height <= 0)
                {
                    problem = $"unsupported header (depth {depth}, colour type {body[9]}, {width}x{height})";
                    return false;
                }

                bytesPerPixel = channels;
            }
            else if (type == "IDAT")
            {
                idat.Write(body);
            }
            else if (type == "IEND")
            {
                sawEnd = true;
                offset += 12 + length;
                break;
            }

            offset += 12 + length;
        }

        if (!sawEnd || offset != data.Length)
        {
            problem = "no IEND at the end";
            return false;
        }

        idat.Position = 0;
        long expected = (long)height * (1 + ((long)width * bytesPerPixel));
        try
        {
            using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
            using var pixels = new MemoryStream();
            inflater.CopyTo(pixels);
            if (pixels.Length != expected)
            {
                problem = $"pixel data is {pixels.Length} bytes; {width}x{height} needs {expected}";
                return false;
            }
        }
        catch (InvalidDataException e)
        {
            problem = "IDAT does not inflate: " + e.Message;
            return false;
        }

        return true;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> body)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, body.Length);
        System.Text.Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(body);
        var typeAndData = new byte[4 + body.Length];
        header[4..].CopyTo(typeAndData);
        body.CopyTo(typeAndData.AsSpan(4));
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(typeAndData));
        output.Write(crc);
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
