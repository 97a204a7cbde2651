using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace DocScan.Samples;

/// <summary>One line of the final table; <paramref name="Emulated"/> when the vendor was the emulator, whose outputs are drawn.</summary>
internal sealed record TableRow(string Vendor, string Operation, string Result, int? Attempts, TimeSpan Elapsed, string? OutputFile, bool Emulated = false);

/// <summary>Prints rows as a plain-text table; CJK characters count as two columns, as terminals draw them.</summary>
internal static class ResultTable
{
    private const int MaxResultWidth = 60;

    /// <summary>Marks the result of a row that ran against the emulator.</summary>
    public const string EmulatedMark = " (emulated)";

    /// <summary>The footnote under a table with emulated rows: their results describe the emulator's stand-in outputs.</summary>
    public const string EmulatedFootnote =
        "(emulated): answered by the local emulator, which checks requests as the vendor does but draws its outputs: "
        + "scans are synthetic pages, the watermark \"removal\" returns the image unchanged, OCR returns fixed text.";

    public static void Print(IReadOnlyList<TableRow> rows, TextWriter writer)
    {
        string[] header = ["vendor", "operation", "result", "attempts", "elapsed", "output"];
        var cells = rows.Select(r => new[]
        {
            r.Vendor,
            r.Operation,
            r.Emulated ? Truncate(r.Result, MaxResultWidth - EmulatedMark.Length) + EmulatedMark : Truncate(r.Result, MaxResultWidth),
            r.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "-",
            r.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
            r.OutputFile is null ? "-" : Path.GetRelativePath(Environment.CurrentDirectory, r.OutputFile),
        }).ToList();

        int[] widths = header.Select((h, i) => cells.Select(c => Width(c[i])).Prepend(Width(h)).Max()).ToArray();
        WriteLine(writer, header, widths);
        WriteLine(writer, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (string[] row in cells)
        {
            WriteLine(writer, row, widths);
        }

        if (rows.Any(r => r.Emulated))
        {
            writer.WriteLine();
            writer.WriteLine(EmulatedFootnote);
        }
    }

    /// <summary>Pads <paramref name="text"/> with spaces to <paramref name="width"/> terminal columns.</summary>
    public static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - Width(text)));

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            line.Append(i < cells.Length - 1 ? Pad(cells[i], widths[i] + 2) : cells[i]);
        }

        writer.WriteLine(line.ToString());
    }

    private static string Truncate(string text, int maxWidth)
    {
        if (Width(text) <= maxWidth)
        {
            return text;
        }

        var result = new StringBuilder();
        foreach (char c in text)
        {
            if (Width(result.ToString()) + Width(c) > maxWidth - 1)
            {
                break;
            }

            result.Append(c);
        }

        return result.Append('…').ToString();
    }

    private static int Width(string text) => text.Sum(Width);

    private static int Width(char c) => c is >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFF60' ? 2 : 1;
}
