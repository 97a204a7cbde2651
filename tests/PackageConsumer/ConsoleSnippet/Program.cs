using System;
using System.IO;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;

using var clip = new ClipImgClient(new ClipImgClientOptions { ApiKey = Environment.GetEnvironmentVariable("CLIPIMG_KEY") });
var scan = await clip.ScanAsync(ImageInput.FromFile("contract.jpg"));
await using var output = File.Create("contract-scanned.jpg");
var file = await clip.DownloadAsync(scan.File.Name, output); // written into the file; file.BytesWritten, file.ContentType
