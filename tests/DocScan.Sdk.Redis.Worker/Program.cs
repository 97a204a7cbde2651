using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.IntegrationTests.Support;
using DocScan.Sdk.ProcessImage;
using Microsoft.Extensions.DependencyInjection;

// Usage: worker <mode> key=value ...   (mode: quota | tokens)
// Prints one line per outcome kind: "outcome <name> <count>", then "done". Exit code 0 unless something unexpected was thrown.
var mode = args[0];
var settings = args.Skip(1).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
string redis = settings["redis"];
string prefix = settings["prefix"];
var duration = TimeSpan.FromSeconds(double.Parse(settings["seconds"], CultureInfo.InvariantCulture));

// Every worker starts calling at the same moment (startAt, Unix ms), whatever its own start-up took, and stops `seconds` later.
var startAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(settings["startAt"], CultureInfo.InvariantCulture));
var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
using var stop = new CancellationTokenSource();
var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var loops = new List<Task>();
var warmUps = new List<Func<Task>>();
var providers = new List<ServiceProvider>();

ServiceProvider Build(Action<DocScanOptions> configure)
{
    var services = new ServiceCollection();
    services.AddDocScanClients(configure).UseRedis(redis, prefix);
    var provider = services.BuildServiceProvider();
    providers.Add(provider);
    return provider;
}

void Loop(string name, int parallel, Func<int, CancellationToken, Task> call)
{
    for (int p = 0; p < parallel; p++)
    {
        int lane = p;
        loops.Add(Task.Run(async () =>
        {
            await go.Task;
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await call((lane * 100_000) + i, stop.Token);
                    outcomes.AddOrUpdate(name + ".ok", 1, (_, n) => n + 1);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (DocScanException e)
                {
                    outcomes.AddOrUpdate(name + "." + e.Kind, 1, (_, n) => n + 1);
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }));
    }
}

void Fast(DocScanClientOptions o)
{
    o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
    o.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
    o.TotalTimeout = TimeSpan.FromMinutes(5);
}

int seed = Environment.ProcessId * 1000;
if (mode == "quota")
{
    // Account A of ClipImg, and processimage.cn, in one container; account B of ClipImg in another.
    var a = Build(o =>
    {
        o.ClipImg.BaseAddress = new Uri(settings["clipimg"]);
        o.ClipImg.ApiKey = settings["keyA"];
        Fast(o.ClipImg);
        o.ProcessImage.BaseAddress = new Uri(settings["processimage"]);
        o.ProcessImage.AppId = settings["appId"];
        o.ProcessImage.AppSecret = settings["appSecret"];
        Fast(o.ProcessImage);
    });
    var b = Build(o =>
    {
        o.ClipImg.BaseAddress = new Uri(settings["clipimg"]);
        o.ClipImg.ApiKey = settings["keyB"];
        Fast(o.ClipImg);
    });
    var clipA = a.GetRequiredService<IClipImgClient>();
    var clipB = b.GetRequiredService<IClipImgClient>();
    var watermark = a.GetRequiredService<IProcessImageClient>();
    var png = TestImages.Png(64, 64, seed: 1);
    // Warm-up on other accounts (a cold first send is slow to go out after it is stamped sent; the measured
    // accounts must not start with one).
    var warm = Build(o =>
    {
        o.ClipImg.BaseAddress = new Uri(settings["clipimg"]);
        o.ClipImg.ApiKey = settings["warmKey"];
        Fast(o.ClipImg);
        o.ProcessImage.BaseAddress = new Uri(settings["processimage"]);
        o.ProcessImage.AppId = "WarmUpApp0000000";
        o.ProcessImage.AppSecret = "warm-up-secret-00123456789ABCDEF";
        o.ProcessImage.Retry.MaxRetries = 0;
    });
    warmUps.Add(() => warm.GetRequiredService<IClipImgClient>().ScanAsync(ImageInput.FromBytes(png), null, CancellationToken.None));
    warmUps.Add(async () =>
    {
        try
        {
            await warm.GetRequiredService<IProcessImageClient>().RemoveWatermarkAsync(ImageInput.FromBytes(TestImages.Png(48, 48, seed: seed - 1)), null, CancellationToken.None);
        }
        catch (DocScanException)
        {
            // an unknown app: only the code path matters
        }
    });
    Loop("clipA", 3, (_, ct) => clipA.ScanAsync(ImageInput.FromBytes(png), null, ct));
    Loop("clipB", 3, (_, ct) => clipB.ScanAsync(ImageInput.FromBytes(png), null, ct));
    Loop("processimage", 4, (i, ct) => watermark.RemoveWatermarkAsync(ImageInput.FromBytes(TestImages.Png(48, 48, seed: seed + i)), null, ct));
}
else if (mode == "tokens")
{
    var c = Build(o =>
    {
        o.ProcessImage.BaseAddress = new Uri(settings["processimage"]);
        o.ProcessImage.AppId = settings["appId"];
        o.ProcessImage.AppSecret = settings["appSecret"];
        o.ProcessImage.AuthMode = ProcessImageAuthMode.Token;
        o.ProcessImage.TokenEndpoint = new Uri(settings["tokenUrl"]);
        o.ProcessImage.TokenLifetime = TimeSpan.FromSeconds(double.Parse(settings["lifetime"], CultureInfo.InvariantCulture));
        o.ProcessImage.TokenRefreshBefore = TimeSpan.FromSeconds(double.Parse(settings["refreshBefore"], CultureInfo.InvariantCulture));
        Fast(o.ProcessImage);
        o.Esign.BaseAddress = new Uri(settings["esign"]);
        o.Esign.AppId = settings["esignAppId"];
        o.Esign.AppSecret = settings["esignSecret"];
        o.Esign.AuthMode = EsignAuthMode.OAuth2;
        o.Esign.TokenRefreshBefore = TimeSpan.FromSeconds(double.Parse(settings["refreshBefore"], CultureInfo.InvariantCulture));
        Fast(o.Esign);
    });
    var watermark = c.GetRequiredService<IProcessImageClient>();
    var ocr = c.GetRequiredService<IEsignClient>();
    Loop("processimage", 2, (i, ct) => watermark.RemoveWatermarkAsync(ImageInput.FromBytes(TestImages.Png(48, 48, seed: seed + i)), null, ct));
    Loop("esign", 2, async (i, ct) =>
    {
        await ocr.RecognizeTextAsync(ImageInput.FromBytes(TestImages.Png(48, 48, seed: seed + i)), null, ct);
        await Task.Delay(200, ct);
    });
}
else
{
    Console.Error.WriteLine("unknown mode " + mode);
    return 2;
}

// Warm-up calls before the common start: the code paths are compiled when the hammering begins.
await Task.WhenAll(warmUps.Select(w => w()));
Console.WriteLine("started");
var delay = startAt - DateTimeOffset.UtcNow;
if (delay > TimeSpan.Zero)
{
    await Task.Delay(delay);
}

stop.CancelAfter(startAt + duration - DateTimeOffset.UtcNow);
go.SetResult();
int exit = 0;
try
{
    await Task.WhenAll(loops);
}
catch (Exception e)
{
    Console.WriteLine("unexpected " + e.GetType().Name + ": " + e.Message);
    exit = 1;
}

foreach (var (name, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
{
    Console.WriteLine(FormattableString.Invariant($"outcome {name} {count}"));
}

foreach (var p in providers)
{
    await p.DisposeAsync();
}

Console.WriteLine("done");
return exit;
