using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;

namespace DocScan.Cli;

/// <summary>The commands, named in the vendors' terms: scan, layout, ocr, watermark remove/detect, config check, emulator.</summary>
internal sealed partial class Commands(CliHost host, GlobalOptions globals)
{
    /// <summary>ClipImg card types as the command line spells them (<c>--card id-card</c>).</summary>
    private static readonly Dictionary<string, ClipImgCardType> Cards = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id-card"] = ClipImgCardType.IdCard,
        ["household-register"] = ClipImgCardType.HouseholdRegister,
        ["passport"] = ClipImgCardType.Passport,
        ["driver-license"] = ClipImgCardType.DriverLicense,
        ["vehicle-license"] = ClipImgCardType.VehicleLicense,
        ["bank-card"] = ClipImgCardType.BankCard,
        ["document"] = ClipImgCardType.Document,
    };

    /// <summary>The options of every command that processes files.</summary>
    private sealed class BatchOptions
    {
        public Argument<string[]> Inputs { get; } = new("inputs")
        {
            Description = "Image files, globs (quoted: '*.jpg', 'scans/**/*.png'), directories with -r, or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };

        public Option<DirectoryInfo> Output { get; } = new("--output", "-o")
        {
            Description = "The folder outputs are written to (created if missing). Default: the current folder.",
        };

        public Option<bool> Force { get; } = new("--force", "-f") { Description = "Overwrite outputs that exist already." };

        public Option<bool> Recursive { get; } = new("--recursive", "-r") { Description = "Take the images in directories and their subdirectories." };

        public Option<int> Parallel { get; } = new("--parallel", "-p")
        {
            Description = "Inputs in flight at once (default 1). A vendor's quota still paces the calls: ClipImg 1/s and 20/min, processimage.cn 2/s.",
            DefaultValueFactory = _ => 1,
        };

        public BatchOptions()
        {
            Parallel.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 1 or > 64)
                {
                    result.AddError("--parallel must be between 1 and 64.");
                }
            });
        }

        public void AddTo(Command command)
        {
            command.Arguments.Add(Inputs);
            command.Options.Add(Output);
            command.Options.Add(Force);
            command.Options.Add(Recursive);
            command.Options.Add(Parallel);
        }
    }

    public Command Scan()
    {
        var options = new BatchOptions();
        var vendor = new Option<string>("--vendor") { Description = "clipimg (default) or aliyun (Aliyun IQS ScanFile).", DefaultValueFactory = _ => "clipimg" };
        vendor.AcceptOnlyFromAmong("clipimg", "aliyun");
        var card = new Option<string>("--card") { Description = "ClipImg only: what is photographed, for a better crop (" + string.Join(", ", Cards.Keys) + ")." };
        card.AcceptOnlyFromAmong([.. Cards.Keys]);
        var preview = new Option<bool>("--preview") { Description = "ClipImg only: save the free, watermarked preview instead of the download (20 points)." };
        var command = new Command("scan", "Find the page in each photo, crop and straighten it: writes <stem>.scan.<ext>.") { vendor, card, preview };
        options.AddTo(command);
        command.SetAction((parse, ct) => RunBatchAsync(parse, options, ".scan", exact: false, async (session, batch, inputs) =>
        {
            bool aliyun = parse.GetValue(vendor) == "aliyun";
            if (aliyun && (parse.GetValue(card) is not null || parse.GetValue(preview)))
            {
                throw new UsageException("--card and --preview are ClipImg options; Aliyun IQS takes neither.");
            }

            return aliyun
                ? await ScanAliyunAsync(session, batch, inputs, ct)
                : await ScanClipImgAsync(session, batch, inputs, parse.GetValue(card) is { } c ? Cards[c] : null, parse.GetValue(preview), ct);
        }, ct));
        return command;
    }

    private static Task<IReadOnlyList<FileReport>> ScanClipImgAsync(ClientSession session, Batch batch, List<InputFile> inputs, ClipImgCardType? card, bool preview, CancellationToken ct)
    {
        var client = session.Client<IClipImgClient>(Vendor.ClipImg);
        var scanOptions = new ClipImgScanOptions { CardType = card };
        return batch.RunAsync(inputs, Vendor.ClipImg, "scan", session.Options.ClipImg.RateLimit, callsPerFile: 2, async (input, stage, report, token) =>
        {
            ClipImgScanResult scan = await client.ScanAsync(input.ToImageInput(), scanOptions, token);
            int attempts = scan.Attempts;
            await stage.StageAsync(input.Stem + ".scan", async stream =>
            {
                if (preview)
                {
                    var free = await client.GetPreviewAsync(scan.File.PreviewName, stream, token);
                    attempts += free.Attempts;
                    return free.ContentType;
                }

                var download = await client.DownloadAsync(scan.File.Name, stream, token); // charged: 20 points
                attempts += download.Attempts;
                return download.ContentType;
            }, ".png");
            report.Attempts = attempts;
            report.Summary = preview ? "page found (free preview, watermarked)" : "page found, cropped and straightened";
        }, ct);
    }

    private static Task<IReadOnlyList<FileReport>> ScanAliyunAsync(ClientSession session, Batch batch, List<InputFile> inputs, CancellationToken ct)
    {
        var client = session.Client<IAliyunIqsClient>(Vendor.AliyunIqs);
        var scanOptions = new AliyunIqsScanFileOptions { AutoCrop = AliyunIqsScanSetting.Enabled, AutoRotate = AliyunIqsScanSetting.Enabled };
        return batch.RunAsync(inputs, Vendor.AliyunIqs, "scan", session.Options.AliyunIqs.RateLimit, callsPerFile: 1, async (input, stage, report, token) =>
        {
            AliyunIqsScanFileResult result = await client.ScanFileAsync(input.ToImageInput(), scanOptions, token);
            for (int i = 0; i < result.Pages.Count; i++)
            {
                AliyunIqsScannedPage page = result.Pages[i];
                string name = i == 0 ? input.Stem + ".scan" : $"{input.Stem}.scan.{i + 1}";
                await stage.StageAsync(name, async stream =>
                {
                    await stream.WriteAsync(page.Image, token);
                    return OutputStage.MediaTypeOf(page.Format);
                }, ".png");
            }

            report.Attempts = result.Attempts;
            report.Pages = result.Pages.Count;
            report.Summary = result.Pages.Count == 0 ? "no page found" : $"{result.Pages.Count} page(s), {result.Pages[0].Width}×{result.Pages[0].Height}, rotated {result.Pages[0].Angle}°";
        }, ct);
    }

    public Command Ocr()
    {
        var options = new BatchOptions();
        var vendor = new Option<string>("--vendor") { Description = "esign (default: e签宝 general text OCR) or qingyang (certificates: ID cards, licences…).", DefaultValueFactory = _ => "esign" };
        vendor.AcceptOnlyFromAmong("esign", "qingyang");
        var category = new Option<string>("--category") { Description = "Qingyang only: the certificate category as the vendor names it, e.g. 身份证, 驾驶证, 营业执照." };
        var command = new Command("ocr", "Recognise text (e签宝) or certificate fields (Qingyang): writes <stem>.ocr.json.") { vendor, category };
        options.AddTo(command);
        command.SetAction((parse, ct) => RunBatchAsync(parse, options, ".ocr.json", exact: true, async (session, batch, inputs) =>
        {
            string? categoryName = parse.GetValue(category);
            if (parse.GetValue(vendor) == "qingyang")
            {
                return await OcrQingyangAsync(session, batch, inputs, string.IsNullOrWhiteSpace(categoryName) ? (QingyangCategory?)null : new QingyangCategory(categoryName), ct);
            }

            if (categoryName is not null)
            {
                throw new UsageException("--category is a Qingyang option: add --vendor qingyang.");
            }

            return await OcrEsignAsync(session, batch, inputs, ct);
        }, ct));
        return command;
    }

    private static Task<IReadOnlyList<FileReport>> OcrEsignAsync(ClientSession session, Batch batch, List<InputFile> inputs, CancellationToken ct)
    {
        var client = session.Client<IEsignClient>(Vendor.Esign);
        return batch.RunAsync(inputs, Vendor.Esign, "ocr", session.Options.Esign.RateLimit, callsPerFile: 1, async (input, stage, report, token) =>
        {
            EsignRecognizeTextResult result = await client.RecognizeTextAsync(input.ToImageInput(), cancellationToken: token);
            var file = new EsignOcrFile(result.FullText, result.Lines.Select(l => new EsignOcrLine(l.Text, l.Box?.X, l.Box?.Y, l.Box?.Width, l.Box?.Height)).ToList());
            await stage.StageExactAsync(input.Stem + ".ocr.json", stream =>
            {
                CliJson.WriteIndented(stream, file);
                return Task.CompletedTask;
            });
            report.Attempts = result.Attempts;
            report.Text = result.FullText;
            report.Summary = $"{result.Lines.Count} lines" + (result.Lines.Count > 0 ? $", first \"{result.Lines[0].Text}\"" : string.Empty);
        }, ct);
    }

    private static Task<IReadOnlyList<FileReport>> OcrQingyangAsync(ClientSession session, Batch batch, List<InputFile> inputs, QingyangCategory? category, CancellationToken ct)
    {
        var client = session.Client<IQingyangClient>(Vendor.Qingyang);
        var recognizeOptions = new QingyangRecognizeOptions { Category = category };
        return batch.RunAsync(inputs, Vendor.Qingyang, "ocr", session.Options.Qingyang.RateLimit, callsPerFile: 1, async (input, stage, report, token) =>
        {
            QingyangRecognizeResult result = await client.RecognizeAsync(input.ToImageInput(), recognizeOptions, token);
            var documents = result.Documents.Select(d => d.Json.Clone()).ToList();
            var file = new QingyangOcrFile(result.CardTypeText, documents);
            await stage.StageExactAsync(input.Stem + ".ocr.json", stream =>
            {
                CliJson.WriteIndented(stream, file);
                return Task.CompletedTask;
            });
            report.Attempts = result.Attempts;
            report.CardType = result.CardTypeText;
            report.Documents = documents;
            report.Summary = result.Documents.Count == 0
                ? "no certificate recognised"
                : string.Join("; ", result.Documents.Select(d => $"{d.TypeName}, {d.Fields.Count} fields"));
        }, ct);
    }

    public Command Watermark()
    {
        var removeOptions = new BatchOptions();
        var remove = new Command("remove", "Remove text watermarks (processimage.cn): writes <stem>.nowm.<ext>.");
        removeOptions.AddTo(remove);
        remove.SetAction((parse, ct) => RunBatchAsync(parse, removeOptions, ".nowm", exact: false, (session, batch, inputs) =>
        {
            var client = session.Client<IProcessImageClient>(Vendor.ProcessImage);
            return batch.RunAsync(inputs, Vendor.ProcessImage, "watermark-remove", session.Options.ProcessImage.RateLimit, callsPerFile: 2, async (input, stage, report, token) =>
            {
                ProcessImageRemoveWatermarkResult result = await client.RemoveWatermarkAsync(input.ToImageInput(), cancellationToken: token);
                Uri url = result.ImageUrl ?? throw new DocScanException(DocScanErrorKind.InvalidResponse, "processimage.cn returned no image URL.") { Vendor = "ProcessImage" };
                int attempts = result.Attempts;
                string extension = Path.GetExtension(url.AbsolutePath);
                await stage.StageAsync(input.Stem + ".nowm", async stream =>
                {
                    var download = await client.DownloadImageAsync(url, stream, token);
                    attempts += download.Attempts;
                    return null;
                }, extension.Length is > 1 and <= 5 ? extension.ToLowerInvariant() : ".png");
                report.Attempts = attempts;
                report.Regions = Regions(result.Regions);
                report.Summary = $"{result.Regions.Count} watermark region(s) removed{(result.FromCache ? " (cached, not charged)" : string.Empty)}";
            }, ct);
        }, ct));

        var detectOptions = new BatchOptions();
        var detect = new Command("detect", "Find text watermarks (processimage.cn, ocrOnly): reports the regions, writes nothing.");
        detectOptions.AddTo(detect);
        detect.SetAction((parse, ct) => RunBatchAsync(parse, detectOptions, null, exact: true, (session, batch, inputs) =>
        {
            var client = session.Client<IProcessImageClient>(Vendor.ProcessImage);
            return batch.RunAsync(inputs, Vendor.ProcessImage, "watermark-detect", session.Options.ProcessImage.RateLimit, callsPerFile: 1, async (input, stage, report, token) =>
            {
                ProcessImageDetectResult result = await client.DetectAsync(input.ToImageInput(), cancellationToken: token);
                report.Attempts = result.Attempts;
                report.WatermarkFound = !result.NoWatermarkFound;
                report.Regions = Regions(result.Regions);
                report.Summary = result.NoWatermarkFound ? "no watermark" : $"{result.Regions.Count} watermark region(s)";
            }, ct);
        }, ct));

        return new Command("watermark", "Remove or detect text watermarks with processimage.cn.") { remove, detect };
    }

    private static List<RegionReport> Regions(IReadOnlyList<WatermarkRegion> regions)
        => regions.Select(r => new RegionReport(r.X, r.Y, r.Width, r.Height, r.Text)).ToList();

    /// <summary>
    /// The shape of every file command: expand inputs, check output names (before any call), open the session, run, and
    /// turn the reports into an exit code. <paramref name="suffix"/> <see langword="null"/>: the command writes nothing.
    /// </summary>
    private async Task<int> RunBatchAsync(
        ParseResult parse,
        BatchOptions options,
        string? suffix,
        bool exact,
        Func<ClientSession, Batch, List<InputFile>, Task<IReadOnlyList<FileReport>>> run,
        CancellationToken cancellationToken)
    {
        bool json = parse.GetValue(globals.Json);
        var inputs = InputFiles.Expand(parse.GetValue(options.Inputs) ?? [], parse.GetValue(options.Recursive), host.OpenStandardInput);
        var folder = new OutputFolder(parse.GetValue(options.Output)?.FullName ?? Environment.CurrentDirectory, parse.GetValue(options.Force));
        if (suffix is not null)
        {
            folder.CheckFree(inputs.Select(i => (i.Display, i.Stem + suffix)).ToList(), exact);
        }

        await using var session = await ClientSession.CreateAsync(host, parse.GetValue(globals.Config)?.FullName, parse.GetValue(globals.Emulator), cancellationToken);
        var reporter = new Reporter(host, json);
        var batch = new Batch(reporter, folder, parse.GetValue(options.Parallel), session.Emulator is not null);
        IReadOnlyList<FileReport> reports = await run(session, batch, inputs);
        batch.Finish(reports, cancellationToken.IsCancellationRequested);
        return Batch.ExitCodeOf(reports, cancellationToken.IsCancellationRequested);
    }
}
