// Scans a photo of a document with ClipImg and saves the cropped, straightened page.
//
//   dotnet run scan.cs -- photo.jpg [output.png] [--preview]
//
// Keys from the environment: DocScan__ClipImg__ApiKey, and DocScan__ClipImg__BaseAddress to use another host
// (the emulator: `dotnet run --project src/DocScan.Emulator` prints both). The download is charged 20 points
// (--preview saves the free, watermarked preview instead).
// Outside this repository, replace the #:project line with:  #:package DocScan.Sdk@0.1.0
#:project ../../src/DocScan.Sdk/DocScan.Sdk.csproj

using System;
using System.IO;
using System.Linq;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;

bool preview = args.Contains("--preview");
string[] paths = args.Where(a => a != "--preview").ToArray();
if (paths.Length == 0)
{
    Console.Error.WriteLine("Usage: dotnet run scan.cs -- photo.jpg [output.png] [--preview]");
    return 2;
}

var options = new ClipImgClientOptions { ApiKey = Environment.GetEnvironmentVariable("DocScan__ClipImg__ApiKey") };
if (Environment.GetEnvironmentVariable("DocScan__ClipImg__BaseAddress") is { Length: > 0 } baseAddress)
{
    options.BaseAddress = new Uri(baseAddress);
}

using var clipImg = new ClipImgClient(options);
try
{
    ClipImgScanResult scan = await clipImg.ScanAsync(ImageInput.FromFile(paths[0]));
    Console.WriteLine($"Page corners: {string.Join(" ", scan.Corners.ToArray())}");

    // The result is written straight into the file; the whole call, download included, ends within TotalTimeout.
    string output = paths.Length > 1 ? paths[1] : Path.GetFileNameWithoutExtension(paths[0]) + "-scanned.png";
    long bytes;
    int attempts;
    await using (var stream = File.Create(output))
    {
        if (preview)
        {
            ClipImgGetPreviewResult file = await clipImg.GetPreviewAsync(scan.File.PreviewName, stream);
            (bytes, attempts) = (file.BytesWritten, file.Attempts);
        }
        else
        {
            ClipImgDownloadResult file = await clipImg.DownloadAsync(scan.File.Name, stream); // charged: 20 points
            (bytes, attempts) = (file.BytesWritten, file.Attempts);
        }
    }

    Console.WriteLine($"Saved {output} ({bytes} bytes; {scan.Attempts + attempts} HTTP attempts).");
    return 0;
}
catch (DocScanException e)
{
    // Kind is the same for every vendor; the message says what to do next and never holds the key.
    Console.Error.WriteLine(e.Message);
    return 1;
}
