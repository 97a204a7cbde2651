using System;
using DocScan.Emulator;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;

await using var emulator = await DocScanEmulator.StartAsync();   // free ports on 127.0.0.1
using var clip = new ClipImgClient(new ClipImgClientOptions
{
    BaseAddress = emulator.ClipImgBaseAddress,
    ApiKey = EmulatorCredentials.ClipImgApiKey,
});

var scan = await clip.ScanAsync(ImageInput.FromFile("document-photo.png"));
Console.WriteLine($"scanned {scan.ImageId}; the emulator saw {emulator.Requests.Count} request(s)");
