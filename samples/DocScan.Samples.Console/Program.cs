// The README's first command: `dotnet run --project samples/DocScan.Samples.Console`.
//
// With no configuration it starts the embedded emulator of all five APIs on 127.0.0.1 and runs every job against it.
// A vendor with credentials in configuration (appsettings.json, environment variables such as
// DocScan__ClipImg__ApiKey, or command-line arguments such as --DocScan:ClipImg:ApiKey=...) is called for real,
// at its production host unless DocScan:<Vendor>:BaseAddress says otherwise. The code below is the same either way.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Samples;
using DocScan.Sdk;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

Console.OutputEncoding = Encoding.UTF8;

// appsettings.json sits next to the program; outputs go to ./docscan-output under the current directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical); // invalid options are reported below, without a stack trace

// Vendors without credentials go to the emulator, with its test credentials.
IConfigurationSection docScan = builder.Configuration.GetSection(DocScanOptions.SectionName);
IReadOnlyList<string> emulated = VendorTargets.WithoutCredentials(docScan);
await using DocScanEmulator? emulator = emulated.Count == 0 ? null : await DocScanEmulator.StartAsync();
if (emulator is not null)
{
    builder.Configuration.AddInMemoryCollection(VendorTargets.EmulatorSettings(emulator, emulated));
}

builder.Services.AddDocScanClients(docScan);

using IHost host = builder.Build();
try
{
    await host.StartAsync(); // validates every DocScan section
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("The DocScan configuration is invalid:");
    foreach (string failure in e.Failures)
    {
        Console.Error.WriteLine("  " + failure);
    }

    return 2;
}

CancellationToken ct = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping; // Ctrl+C
DocScanOptions options = host.Services.GetRequiredService<IOptions<DocScanOptions>>().Value;

Console.WriteLine("DocScan.Sdk console sample");
var emulatedVendors = new HashSet<string>(StringComparer.Ordinal); // the rows the table marks as emulated
await PrintTargetAsync("ClipImg", "ClipImg", options.ClipImg.BaseAddress, "ApiKey");
await PrintTargetAsync("Qingyang", "Qingyang", options.Qingyang.BaseAddress, "ApiKey");
await PrintTargetAsync("processimage.cn", "ProcessImage", options.ProcessImage.BaseAddress, "AppId + AppSecret");
await PrintTargetAsync("Aliyun IQS", "AliyunIqs", options.AliyunIqs.BaseAddress, "ApiKey");
await PrintTargetAsync("e签宝", "Esign", options.Esign.BaseAddress ?? EsignClientOptions.HostOf(options.Esign.Environment), "AppId + AppSecret");

string output = Path.GetFullPath("docscan-output");
Directory.CreateDirectory(output);
var steps = new Steps(
    host.Services.GetRequiredService<IClipImgClient>(),
    host.Services.GetRequiredService<IQingyangClient>(),
    host.Services.GetRequiredService<IProcessImageClient>(),
    host.Services.GetRequiredService<IAliyunIqsClient>(),
    host.Services.GetRequiredService<IEsignClient>(),
    Path.Combine(AppContext.BaseDirectory, "assets"),
    output);

var rows = new List<TableRow>();
var failures = new List<string>();

// ClipImg allows 1 request per second (20 per minute); the client queues its calls to stay within it,
// so its three jobs (11 calls) take about 11 seconds.
await RunAsync("ClipImg", "Scan + preview", steps.ScanPhotoAsync);
await RunAsync("ClipImg", "ID card → A4 (scan ×2, layout, download)", steps.IdCardOnA4Async);
await RunAsync("ClipImg", "3 pages → PDF (scan ×3, layout, download)", steps.ContractToPdfAsync);
await RunAsync("Qingyang", "Recognize (ID card)", steps.ReadCertificateAsync);
await RunAsync("processimage.cn", "Remove watermark + download", steps.RemoveWatermarkAsync);
await RunAsync("Aliyun IQS", "ScanFile", steps.ScanFileAsync);
await RunAsync("e签宝", "Recognize text", steps.RecognizeTextAsync);

Console.WriteLine();
ResultTable.Print(rows, Console.Out);
Console.WriteLine();
if (failures.Count == 0)
{
    Console.WriteLine($"Done: outputs are in {Path.GetRelativePath(Environment.CurrentDirectory, output)}{Path.DirectorySeparatorChar}");
}
else
{
    Console.WriteLine($"{failures.Count} of {rows.Count} jobs failed:");
    failures.ForEach(failure => Console.WriteLine("  " + failure));
}

await host.StopAsync(CancellationToken.None);
return failures.Count == 0 ? 0 : 1;

async Task PrintTargetAsync(string vendor, string section, Uri? address, string credentials)
{
    string where;
    if (emulated.Contains(section))
    {
        where = $"emulator  {address}  (configure DocScan:{section}:{credentials} to call the service)";
        emulatedVendors.Add(vendor);
    }
    else if (await VendorTargets.IsEmulatorAsync(address, ct))
    {
        where = $"emulator  {address}  (a standalone emulator, from DocScan:{section}:BaseAddress)";
        emulatedVendors.Add(vendor);
    }
    else
    {
        where = $"service   {address}";
    }

    Console.WriteLine($"  {ResultTable.Pad(vendor, 16)}{where}");
}

async Task RunAsync(string vendor, string operation, Func<CancellationToken, Task<StepOutcome>> step)
{
    var clock = Stopwatch.StartNew();
    try
    {
        StepOutcome outcome = await step(ct);
        rows.Add(new TableRow(vendor, operation, outcome.Summary, outcome.Attempts, clock.Elapsed, outcome.OutputFile, emulatedVendors.Contains(vendor)));
    }
    catch (DocScanException e)
    {
        // One exception type for every vendor: Kind to switch on, the vendor's own code and message kept verbatim.
        string code = e.VendorCode is null ? string.Empty : $" {e.VendorCode}";
        rows.Add(new TableRow(vendor, operation, $"FAILED {e.Kind}{code}: {e.VendorMessage ?? e.Message}", e.Attempts, clock.Elapsed, null, emulatedVendors.Contains(vendor)));
        failures.Add(e.Message); // says what to do next; never contains a secret
    }
    catch (InvalidOperationException e)
    {
        rows.Add(new TableRow(vendor, operation, "FAILED: " + e.Message, null, clock.Elapsed, null, emulatedVendors.Contains(vendor)));
        failures.Add($"{vendor} {operation}: {e.Message}");
    }
}
