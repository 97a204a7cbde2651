// Recognises the text in an image with e签宝 general OCR and prints it line by line.
//
//   dotnet run ocr.cs -- page.png
//
// Keys from the environment: DocScan__Esign__AppId and DocScan__Esign__AppSecret, and DocScan__Esign__BaseAddress
// to use another host (the emulator: `dotnet run --project src/DocScan.Emulator` prints all three). Each call is
// charged; images up to 1,000,000 bytes by default (JPEG, PNG, BMP).
// Outside this repository, replace the #:project line with:  #:package DocScan.Sdk@0.1.0
#:project ../../src/DocScan.Sdk/DocScan.Sdk.csproj

using System;
using DocScan.Sdk;
using DocScan.Sdk.Esign;

if (args.Length == 0)
{
    Console.Error.WriteLine("Usage: dotnet run ocr.cs -- page.png");
    return 2;
}

var options = new EsignClientOptions
{
    AppId = Environment.GetEnvironmentVariable("DocScan__Esign__AppId"),
    AppSecret = Environment.GetEnvironmentVariable("DocScan__Esign__AppSecret"),
};
if (Environment.GetEnvironmentVariable("DocScan__Esign__BaseAddress") is { Length: > 0 } baseAddress)
{
    options.BaseAddress = new Uri(baseAddress);
}

using var esign = new EsignClient(options);
try
{
    EsignRecognizeTextResult result = await esign.RecognizeTextAsync(ImageInput.FromFile(args[0]));
    Console.OutputEncoding = System.Text.Encoding.UTF8;
    foreach (EsignTextLine line in result.Lines)
    {
        Console.WriteLine($"{line.Box?.ToString() ?? "-",-28} {line.Text}");
    }

    Console.WriteLine($"{result.Lines.Count} lines, angle {result.Angle ?? 0}°, verify id {result.VerifyId}");
    return 0;
}
catch (DocScanException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
