// A minimal API over DocScan.Sdk: `dotnet run --project samples/DocScan.Samples.AspNet` (listens on http://127.0.0.1:5080).
//
//   curl -F photo=@samples/assets/document-photo.png http://127.0.0.1:5080/scan          ClipImg scan → JSON
//   curl -F image=@samples/assets/watermarked.png http://127.0.0.1:5080/watermarks       processimage.cn, asynchronous
//   curl http://127.0.0.1:5080/watermarks/{id}                                            the job, once the callback came
//
// Keys come from configuration: DocScan__ClipImg__ApiKey, DocScan__ProcessImage__AppId/AppSecret, ... (see samples/README.md
// to run everything against the emulator).
using System;
using System.Linq;
using System.Threading;
using DocScan.Samples.AspNet;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.ProcessImage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDocScanClients(builder.Configuration.GetSection("DocScan"));

// Several replicas? Share each vendor account's quota and tokens through Redis (package DocScan.Sdk.Redis):
// builder.Services.AddDocScanClients(builder.Configuration.GetSection("DocScan")).UseRedis("localhost:6379", "docscan");
builder.Services.AddSingleton<WatermarkJobs>();
var app = builder.Build();

app.MapGet("/", () => "DocScan sample: POST /scan (form field 'photo'), POST /watermarks (form field 'image'), GET /watermarks/{id}.");

// Upload → ClipImg smart scan → JSON. An API for other programs, so no antiforgery token (a browser form would need one).
app.MapPost("/scan", async (IFormFile photo, IClipImgClient clipImg, CancellationToken ct) =>
{
    await using var stream = photo.OpenReadStream();
    try
    {
        ClipImgScanResult scan = await clipImg.ScanAsync(ImageInput.FromStream(stream, photo.FileName), cancellationToken: ct);
        return Results.Ok(new
        {
            scan.ImageId,
            Corners = scan.Corners.ToArray().Select(p => new { p.X, p.Y }),
            scan.File.Name,
            scan.File.PreviewName,
            scan.ExpiresAt,
            scan.Attempts,
        });
    }
    catch (DocScanException e)
    {
        return Problem(e);
    }
}).DisableAntiforgery();

// Upload → processimage.cn asynchronous watermark removal. The vendor answers at once and POSTs the result to the callback.
app.MapPost("/watermarks", async (IFormFile image, IProcessImageClient processImage, WatermarkJobs jobs, IConfiguration configuration, CancellationToken ct) =>
{
    // The callback is not signed: an unguessable id in its URL is what tells a real callback from a forged one.
    string id = jobs.Create();
    var callback = new Uri(new Uri(configuration["CallbackBaseUrl"] ?? "http://127.0.0.1:5080"), $"/callbacks/processimage/{id}");

    await using var stream = image.OpenReadStream();
    try
    {
        ProcessImageSubmitResult ack = await processImage.SubmitAsync(ImageInput.FromStream(stream, image.FileName), callback, cancellationToken: ct);

        // The callback may already have come (the vendor can call back before this answer arrives): merge, never overwrite.
        jobs.Accepted(id, ack.ImageIdentifier);
        return Results.Accepted($"/watermarks/{id}", new { id, ack.ImageIdentifier, ack.Attempts });
    }
    catch (DocScanException e)
    {
        jobs.Forget(id);
        return Problem(e);
    }
}).DisableAntiforgery();

app.MapGet("/watermarks/{id}", (string id, WatermarkJobs jobs) =>
    jobs.TryGet(id, out var job) ? Results.Ok(job) : Results.NotFound());

// The processimage.cn callback: read the body, record the outcome, answer 200 (any other answer makes the vendor send it again).
app.MapPost("/callbacks/processimage/{id}", async (string id, HttpRequest request, WatermarkJobs jobs, ILogger<WatermarkJobs> log, CancellationToken ct) =>
{
    if (!jobs.TryGet(id, out var job))
    {
        return Results.NotFound(); // not an id this app handed out: not from the vendor
    }

    if (job.IsFinished)
    {
        return Results.Ok(); // the vendor's repeat of a callback already handled (or a replay): the first one stands
    }

    WatermarkJob outcome;
    try
    {
        // Fetch the image with IProcessImageClient.DownloadImageAsync: it refuses any host but the vendor's.
        ProcessImageRemoveWatermarkResult result = await ProcessImageCallback.ParseAsync(request.Body, ct);
        outcome = new WatermarkJob("done", result.ImageIdentifier, result.ImageUrl, result.Regions.Count);
    }
    catch (DocScanException e)
    {
        outcome = new WatermarkJob($"failed: {e.Kind} {e.VendorCode}", null, null, null);
        log.LogWarning("processimage.cn callback {Id} reports a failure: {Kind} {Code}", id, e.Kind, e.VendorCode);
    }

    // Checked and written in one atomic step: a concurrent repeat of this callback, or the submission's own answer,
    // cannot slip in between.
    if (jobs.Complete(id, outcome) == CallbackOutcome.OtherImage)
    {
        log.LogWarning("processimage.cn callback {Id} is for another image; ignored.", id);
    }

    return Results.Ok();
});

app.Run();

// DocScanException.Kind says what went wrong in the same words for every vendor.
static IResult Problem(DocScanException e) => Results.Problem(
    title: $"{e.Vendor} {e.Operation} failed: {e.Kind}",
    detail: e.Message,
    statusCode: e.Kind switch
    {
        DocScanErrorKind.InvalidRequest => StatusCodes.Status400BadRequest,
        DocScanErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        DocScanErrorKind.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status502BadGateway,
    });
