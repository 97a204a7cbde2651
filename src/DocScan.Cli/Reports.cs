using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DocScan.Sdk;
using Spectre.Console;

namespace DocScan.Cli;

/// <summary>
/// What happened to one input: a row of the summary table, and one line of <c>--json</c> output. The JSON names are a
/// documented contract (docs/cli.md): add fields, never rename or remove them.
/// </summary>
internal sealed class FileReport
{
    /// <summary>The input as given or found (<c>-</c> for standard input).</summary>
    public required string File { get; init; }

    /// <summary><c>ok</c>, <c>failed</c>, <c>cancelled</c> (in flight at Ctrl+C) or <c>skipped</c> (not started).</summary>
    public string Status { get; set; } = "skipped";

    /// <summary>The vendor, as <c>--vendor</c> names it.</summary>
    public required string Vendor { get; init; }

    /// <summary><c>scan</c>, <c>layout</c>, <c>ocr</c>, <c>watermark-remove</c> or <c>watermark-detect</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The (first) file written, or <see langword="null"/>.</summary>
    public string? Output { get; set; }

    /// <summary>Every file written (several for multi-page results).</summary>
    public List<string> Outputs { get; set; } = [];

    /// <summary>HTTP attempts the calls took (retries included).</summary>
    public int? Attempts { get; set; }

    /// <summary>Time from start to end of this input.</summary>
    public long ElapsedMs { get; set; }

    /// <summary>Why the input failed; <see langword="null"/> unless <see cref="Status"/> is <c>failed</c>.</summary>
    public FileError? Error { get; set; }

    /// <summary>OCR (e签宝): the recognised text, lines separated by <c>\n</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; set; }

    /// <summary>OCR (Qingyang): the card types the vendor recognised.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CardType { get; set; }

    /// <summary>OCR (Qingyang): each recognised document's fields, as the vendor sent them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<JsonElement>? Documents { get; set; }

    /// <summary>Watermark detection: whether a watermark was found.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? WatermarkFound { get; set; }

    /// <summary>Watermark removal and detection: the regions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<RegionReport>? Regions { get; set; }

    /// <summary>Layout and Aliyun scans: pages produced.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Pages { get; set; }

    /// <summary>The result column of the table (not in JSON).</summary>
    [JsonIgnore]
    public string Summary { get; set; } = string.Empty;

    public void Fail(Exception exception)
    {
        Status = "failed";
        Error = exception switch
        {
            DocScanException e => new FileError(Camel(e.Kind.ToString()), e.VendorCode, e.Message),
            IOException e => new FileError("io", null, e.Message),
            _ => new FileError(Camel(nameof(DocScanErrorKind.InvalidRequest)), null, exception.Message),
        };
        Summary = string.Empty;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>A failure: <c>kind</c> is the SDK's <see cref="DocScanErrorKind"/> in camelCase (or <c>io</c> when writing an output failed).</summary>
internal sealed record FileError(string Kind, string? VendorCode, string Message);

/// <summary>A watermark region in image pixels.</summary>
internal sealed record RegionReport(int X, int Y, int Width, int Height, string? Text);

/// <summary>The content of an e签宝 <c>&lt;stem&gt;.ocr.json</c>.</summary>
internal sealed record EsignOcrFile(string Text, List<EsignOcrLine> Lines);

/// <summary>One recognised line and its box.</summary>
internal sealed record EsignOcrLine(string Text, double? X, double? Y, double? Width, double? Height);

/// <summary>The content of a Qingyang <c>&lt;stem&gt;.ocr.json</c>.</summary>
internal sealed record QingyangOcrFile(string CardType, List<JsonElement> Documents);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FileReport))]
[JsonSerializable(typeof(EsignOcrFile))]
[JsonSerializable(typeof(QingyangOcrFile))]
[JsonSerializable(typeof(VendorCheck))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The tool's JSON: source-generated (<see cref="CliJsonContext"/>), camelCase, Chinese text readable (not \u-escaped: the output is UTF-8 JSON, not HTML).</summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Relaxed = new()
    {
        TypeInfoResolver = CliJsonContext.Default,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions RelaxedIndented = new(Relaxed) { WriteIndented = true };

    public static string Line<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Relaxed.GetTypeInfo(typeof(T)));

    public static void WriteIndented<T>(Stream stream, T value) => JsonSerializer.Serialize(stream, value, (JsonTypeInfo<T>)RelaxedIndented.GetTypeInfo(typeof(T)));
}

/// <summary>Prints a run's results: JSON lines as each input ends, or a table at the end; messages for people go to standard error.</summary>
internal sealed class Reporter
{
    private readonly CliHost _host;
    private readonly object _gate = new();

    public Reporter(CliHost host, bool json)
    {
        _host = host;
        Json = json;
        Console = CreateConsole(host.Out, host.IsTerminal);
    }

    public bool Json { get; }

    /// <summary>Standard output for people (tables, progress); never used with <c>--json</c>.</summary>
    public IAnsiConsole Console { get; }

    public static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 200; // a log or a pipe: long paths on one line rather than wrapped at 80 columns
        }

        return console;
    }

    public void Message(string message)
    {
        lock (_gate)
        {
            _host.Error.WriteLine(message);
        }
    }

    /// <summary>One input ended: its JSON line at once with <c>--json</c>, so a script can follow a long batch.</summary>
    public void FileDone(FileReport report)
    {
        if (Json)
        {
            lock (_gate)
            {
                _host.Out.WriteLine(CliJson.Line(report));
                _host.Out.Flush();
            }
        }
    }

    /// <summary>The summary: a table of every input (people), or the skipped inputs' lines (JSON); then one line on standard error.</summary>
    public void Summary(IReadOnlyList<FileReport> reports, TimeSpan elapsed, bool cancelled, bool emulated)
    {
        if (Json)
        {
            foreach (var skipped in reports.Where(r => r.Status == "skipped"))
            {
                FileDone(skipped);
            }
        }
        else
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("file", "status", "output", "result");
            foreach (var report in reports)
            {
                string status = report.Status == "failed" ? $"failed: {report.Error!.Kind}" : report.Status;
                string result = report.Error?.Message ?? report.Summary;
                string output = report.Outputs.Count switch
                {
                    0 => "-",
                    1 => Relative(report.Outputs[0]),
                    _ => $"{Relative(report.Outputs[0])} (+{report.Outputs.Count - 1})",
                };
                table.AddRow(new Text(report.File), new Text(status, StatusStyle(report.Status)), new Text(output), new Text(result));
            }

            Console.Write(table);
            if (emulated)
            {
                Console.WriteLine("Answered by the embedded emulator: its outputs are synthetic stand-ins (drawn pages, fixed OCR text).");
            }
        }

        int ok = reports.Count(r => r.Status == "ok");
        string line = $"{ok} of {reports.Count} ok";
        foreach (string status in new[] { "failed", "cancelled", "skipped" })
        {
            int n = reports.Count(r => r.Status == status);
            if (n > 0)
            {
                line += $", {n} {status}";
            }
        }

        line += $" ({elapsed.TotalSeconds:0.0} s){(cancelled ? "; cancelled: no further input was started, nothing half-written was kept" : string.Empty)}.";
        if (Json)
        {
            Message(line);
        }
        else
        {
            Console.WriteLine(line);
        }
    }

    private static Style StatusStyle(string status) => status switch
    {
        "ok" => new Style(Color.Green),
        "failed" => new Style(Color.Red),
        _ => new Style(Color.Yellow),
    };

    private static string Relative(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
