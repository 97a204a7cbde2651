using System.Threading;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDocScanClients(builder.Configuration.GetSection("DocScan"));
var app = builder.Build();

app.MapPost("/scan", async (IFormFile photo, IClipImgClient clip, CancellationToken ct) =>
{
    await using var stream = photo.OpenReadStream();
    var scan = await clip.ScanAsync(ImageInput.FromStream(stream, photo.FileName), cancellationToken: ct);
    return Results.Ok(new { scan.ImageId, scan.File.PreviewUrl, scan.ExpiresAt });
}).DisableAntiforgery(); // an API for programs; without this (or UseAntiforgery) every form upload is a 500
app.Run();
