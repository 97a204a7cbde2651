using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;

namespace DocScan.Cli;

internal sealed partial class Commands
{
    public Command Layout()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "The photos in page order (an ID card: front then back): files, globs, directories with -r, or -.",
            Arity = ArgumentArity.OneOrMore,
        };
        var card = new Option<string>("--card") { Description = "What the photos show: " + string.Join(", ", Cards.Keys) + ".", Required = true };
        card.AcceptOnlyFromAmong([.. Cards.Keys]);
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write (a4.png; contract.pdf for --card document) or a folder for <first-stem>.layout.png|pdf. Default: the current folder.",
        };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the output if it exists." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Take the images in directories and their subdirectories." };
        var command = new Command("layout", "Scan the photos with ClipImg and lay them out on A4 pages (PNG), or as one PDF for documents.")
        {
            inputs, card, output, force, recursive,
        };
        command.SetAction(async (parse, ct) =>
        {
            ClipImgCardType cardType = Cards[parse.GetValue(card)!];
            var files = InputFiles.Expand(parse.GetValue(inputs) ?? [], parse.GetValue(recursive), host.OpenStandardInput);
            var (folder, fileName) = Target(parse.GetValue(output), files[0], cardType, parse.GetValue(force));
            bool pdf = string.Equals(Path.GetExtension(fileName), ".pdf", StringComparison.OrdinalIgnoreCase);
            if (pdf && cardType != ClipImgCardType.Document)
            {
                throw new UsageException("Only --card document is laid out as a PDF: write a .png for other cards.");
            }

            folder.CheckFree([("-o", fileName)], exact: true);

            await using var session = await ClientSession.CreateAsync(host, parse.GetValue(globals.Config)?.FullName, parse.GetValue(globals.Emulator), ct);
            var client = session.Client<IClipImgClient>(Vendor.ClipImg);
            var reporter = new Reporter(host, parse.GetValue(globals.Json));
            var batch = new Batch(reporter, folder, parallel: 1, session.Emulator is not null) { LinesAsInputsEnd = false };
            var scans = new ClipImgScanResult?[files.Count];
            var scanOptions = new ClipImgScanOptions { CardType = cardType };
            IReadOnlyList<FileReport> reports = await batch.RunAsync(files, Vendor.ClipImg, "layout", session.Options.ClipImg.RateLimit, callsPerFile: 1, async (input, stage, report, token) =>
            {
                var scan = await client.ScanAsync(input.ToImageInput(), scanOptions, token);
                scans[files.IndexOf(input)] = scan;
                report.Attempts = scan.Attempts;
            }, ct);

            if (reports.All(r => r.Status == "ok"))
            {
                await LayOutAsync(client, folder, fileName, pdf, cardType, scans.Select(s => s!).ToList(), reports, ct);
            }
            else
            {
                foreach (var report in reports.Where(r => r.Status == "ok"))
                {
                    report.Status = "skipped";
                    report.Summary = "scanned, but not laid out: another input failed or the run was cancelled";
                }
            }

            batch.Finish(reports, ct.IsCancellationRequested);
            return Batch.ExitCodeOf(reports, ct.IsCancellationRequested);
        });
        return command;
    }

    /// <summary>Lays the scans out, downloads the PDF or the pages (charged, 20 points each), and marks every input with the result.</summary>
    private static async Task LayOutAsync(IClipImgClient client, OutputFolder folder, string fileName, bool pdf, ClipImgCardType card, List<ClipImgScanResult> scans, IReadOnlyList<FileReport> reports, CancellationToken ct)
    {
        using var stage = new OutputStage(folder);
        try
        {
            var layout = await client.LayoutAsync(new ClipImgLayoutRequest(card, scans.Select(s => new ClipImgLayoutItem(s.ImageId, s.Corners))), ct);
            List<ClipImgFile> downloads = pdf
                ? [layout.Pdf ?? throw new DocScanException(DocScanErrorKind.InvalidResponse, "ClipImg returned no PDF for the layout.") { Vendor = "ClipImg" }]
                : layout.Pages.ToList();
            string stem = Path.GetFileNameWithoutExtension(fileName);
            for (int i = 0; i < downloads.Count; i++)
            {
                string name = i == 0 ? fileName : $"{stem}-{i + 1}{Path.GetExtension(fileName)}";
                await stage.StageExactAsync(name, stream => client.DownloadAsync(downloads[i].Name, stream, ct));
            }

            List<string> written = stage.Commit();
            foreach (var report in reports)
            {
                report.Outputs = written;
                report.Output = written.FirstOrDefault();
                report.Pages = layout.Pages.Count;
                report.Summary = pdf ? $"{layout.Pages.Count} page(s) laid out on A4, one PDF" : $"laid out on {layout.Pages.Count} A4 page(s)";
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            foreach (var report in reports)
            {
                report.Status = "cancelled";
            }
        }
        catch (Exception e)
        {
            foreach (var report in reports)
            {
                report.Fail(e);
            }
        }
    }

    /// <summary>The output folder and file name: <c>-o</c> names a file when it has an image or PDF extension, else a folder.</summary>
    private static (OutputFolder Folder, string FileName) Target(string? output, InputFile first, ClipImgCardType card, bool force)
    {
        string defaultName = first.Stem + ".layout" + (card == ClipImgCardType.Document ? ".pdf" : ".png");
        if (output is null || Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar))
        {
            return (new OutputFolder(output ?? Environment.CurrentDirectory, force), defaultName);
        }

        string extension = Path.GetExtension(output).ToLowerInvariant();
        if (extension is not (".png" or ".pdf"))
        {
            throw new UsageException($"-o '{output}' is neither a folder nor a .png or .pdf file (ClipImg lays out PNG pages, and PDFs for documents).");
        }

        string full = Path.GetFullPath(output);
        return (new OutputFolder(Path.GetDirectoryName(full)!, force), Path.GetFileName(full));
    }
}
