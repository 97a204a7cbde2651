using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Qingyang;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// The SDK's overhead on a small call: a ClipImg crop (small JSON in, small JSON out) and a Qingyang recognize of a
/// small image (multipart in, JSON out), through the full client, against a hand-written <see cref="HttpClient"/> call
/// that sends the same bytes to the same loopback server and parses the same answer into its own type. Sequential
/// calls measure latency; <c>Parallel16</c> runs 16 callers at once (time per call = 1 / throughput). The
/// <c>Telemetry</c> cases turn on what an observed application turns on: an <see cref="ActivityListener"/> that
/// records every activity, a <see cref="MeterListener"/> on every instrument, and a logger enabled at Information
/// (<c>TelemetryDebug</c>: at Debug, so every attempt's log lines are formatted).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SmallCallBenchmarks
{
    internal const int Callers = 16;
    internal const int CallsPerCaller = 32;
    private const string Category = "身份证";
    internal const string CropOk = """{"code":0,"msg":"","data":{"preview_url":"https://www.clipimg.com/api/pic/scan/preview/c_preview","download_url":"https://www.clipimg.com/api/pic/scan/download/c","preview_img_name":"c_preview","img_name":"c"}}""";
    private const string RecognizeOk = """{"success":true,"cardType":"身份证正面","tokensIn":812,"tokensOut":96,"result":[{"type":"身份证正面","name":"张三","sex":"男","nationality":"汉","birth_date":"1990年1月1日","address":"北京市朝阳区某某路1号","id_number":"110105199001011234"}],"rawResult":"","filePath":"","fileName":"idcard.png"}""";

    private static readonly Quad Corners = Quad.FromRectangle(100, 100, 400, 400);

    private LoopbackServer _clipImgServer = null!;
    private LoopbackServer _qingyangServer = null!;
    private HttpClient _http = null!;
    private HttpClient _httpDefaultTimeout = null!;
    private ClipImgClient _clipImg = null!;
    private QingyangClient _qingyang = null!;
    private Uri _cropUri = null!;
    private Uri _ocrUri = null!;
    private byte[] _image = null!;
    private TelemetryListeners? _telemetry;
    private ServiceProvider _services = null!;
    private IClipImgClient _injected = null!;

    [GlobalSetup(Targets = new[] { nameof(HandWrittenCrop), nameof(SdkCrop), nameof(SdkCropInjected), nameof(HandWrittenRecognize), nameof(SdkRecognize), nameof(HandWrittenCropParallel16), nameof(SdkCropParallel16), nameof(HandWrittenCropDefaultTimeout), nameof(HandWrittenCropDefaultTimeoutParallel16) })]
    public void Setup() => Start(null);

    [GlobalSetup(Targets = new[] { nameof(HandWrittenCropTelemetry), nameof(SdkCropTelemetry), nameof(SdkRecognizeTelemetry) })]
    public void SetupTelemetry() => Start(LogLevel.Information);

    [GlobalSetup(Targets = new[] { nameof(SdkCropTelemetryDebug) })]
    public void SetupTelemetryDebug() => Start(LogLevel.Debug);

    [GlobalCleanup]
    public void Cleanup()
    {
        _clipImg.Dispose();
        _qingyang.Dispose();
        _http.Dispose();
        _httpDefaultTimeout.Dispose();
        _clipImgServer.Dispose();
        _qingyangServer.Dispose();
        _telemetry?.Dispose();
        _services.Dispose();
    }

    /// <summary>A hand-written crop: serialise the body, POST it with the key, check the status, parse the answer.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Crop")]
    public Task<int> HandWrittenCrop() => HandWrittenCrop(_http, _cropUri);

    /// <summary>
    /// The hand-written crop on an <see cref="HttpClient"/> with its default 100 s timeout, as the vendors' samples
    /// make it: HttpClient then links a token source and starts a timer per call, as the SDK's attempt timeout does.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Crop")]
    public Task<int> HandWrittenCropDefaultTimeout() => HandWrittenCrop(_httpDefaultTimeout, _cropUri);

    /// <summary>The hand-written crop on <paramref name="http"/>.</summary>
    internal static async Task<int> HandWrittenCrop(HttpClient http, Uri cropUri)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new HandCropBody { image_id = "img_1", points = [[100, 100], [500, 100], [500, 500], [100, 500]], card_type = 7 },
            SmallCallJson.Default.HandCropBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, cropUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-API-Key", "bench-key");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var stream = await response.Content.ReadAsStreamAsync();
        var answer = await JsonSerializer.DeserializeAsync(stream, SmallCallJson.Default.HandCropAnswer);
        if (answer is not { code: 0, data.img_name: { } name })
        {
            throw new InvalidOperationException("crop failed");
        }

        return name.Length;
    }

    /// <summary>The same crop through <see cref="ClipImgClient"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("Crop")]
    public Task<int> SdkCrop() => SdkCrop(_clipImg);

    /// <summary>
    /// The hand-written crop with the same listeners: what .NET's own HTTP telemetry costs (its activity, its
    /// <c>traceparent</c> header, its metrics), so that the SDK's share can be told apart.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("Crop")]
    public Task<int> HandWrittenCropTelemetry() => HandWrittenCrop();

    /// <summary>The same crop through the <see cref="IClipImgClient"/> a container gives (<c>AddDocScanClients</c>: IHttpClientFactory's handler chain).</summary>
    [Benchmark]
    [BenchmarkCategory("Crop")]
    public Task<int> SdkCropInjected() => SdkCrop(_injected);

    /// <summary>The SDK crop through <paramref name="client"/>, reading the answer as a caller does.</summary>
    internal static async Task<int> SdkCrop(IClipImgClient client)
    {
        var result = await client.CropAsync("img_1", Corners, new ClipImgCropOptions { CardType = ClipImgCardType.Document });
        return result.File.Name.Length;
    }

    /// <summary>The SDK crop with an activity listener, a meter listener and a logger at Information.</summary>
    [Benchmark]
    [BenchmarkCategory("Crop")]
    public Task<int> SdkCropTelemetry() => SdkCrop();

    /// <summary>The SDK crop with an activity listener, a meter listener and a logger at Debug.</summary>
    [Benchmark]
    [BenchmarkCategory("Crop")]
    public Task<int> SdkCropTelemetryDebug() => SdkCrop();

    /// <summary>A hand-written recognize: a multipart form with the image and the category, then parse the answer.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Recognize")]
    public async Task<int> HandWrittenRecognize()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(_image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "idcard.png");
        form.Add(new StringContent(Category), "category");
        using var request = new HttpRequestMessage(HttpMethod.Post, _ocrUri) { Content = form };
        request.Headers.TryAddWithoutValidation("X-Auth-Key", "bench-key");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var stream = await response.Content.ReadAsStreamAsync();
        var answer = await JsonSerializer.DeserializeAsync(stream, SmallCallJson.Default.HandRecognizeAnswer);
        if (answer is not { success: true, result: { Count: > 0 } documents })
        {
            throw new InvalidOperationException("recognize failed");
        }

        // Read one field, as every caller does.
        return documents[0].TryGetValue("name", out var name) ? name.GetString()!.Length : 0;
    }

    /// <summary>The same recognize through <see cref="QingyangClient"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("Recognize")]
    public async Task<int> SdkRecognize()
    {
        var result = await _qingyang.RecognizeAsync(ImageInput.FromBytes(_image, "idcard.png"), new QingyangRecognizeOptions { Category = QingyangCategory.IdCard });
        return result.Documents[0].GetString("name")?.Length ?? 0;
    }

    /// <summary>The SDK recognize with an activity listener, a meter listener and a logger at Information.</summary>
    [Benchmark]
    [BenchmarkCategory("Recognize")]
    public Task<int> SdkRecognizeTelemetry() => SdkRecognize();

    /// <summary>16 callers, each making hand-written crops one after another.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * CallsPerCaller)]
    [BenchmarkCategory("Parallel16")]
    public Task HandWrittenCropParallel16() => Parallel16(HandWrittenCrop);

    /// <summary>16 callers, each making hand-written crops on an HttpClient with its default timeout.</summary>
    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    [BenchmarkCategory("Parallel16")]
    public Task HandWrittenCropDefaultTimeoutParallel16() => Parallel16(HandWrittenCropDefaultTimeout);

    /// <summary>16 callers, each making SDK crops one after another.</summary>
    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    [BenchmarkCategory("Parallel16")]
    public Task SdkCropParallel16() => Parallel16(SdkCrop);

    /// <summary>16 callers, each making <see cref="CallsPerCaller"/> calls one after the other.</summary>
    internal static Task Parallel16(Func<Task<int>> call)
    {
        var callers = new Task[Callers];
        for (int i = 0; i < Callers; i++)
        {
            callers[i] = Task.Run(async () =>
            {
                for (int j = 0; j < CallsPerCaller; j++)
                {
                    await call();
                }
            });
        }

        return Task.WhenAll(callers);
    }

    private void Start(LogLevel? logLevel)
    {
        _clipImgServer = new LoopbackServer(CropOk);
        _qingyangServer = new LoopbackServer(RecognizeOk);
        _cropUri = new Uri(_clipImgServer.BaseAddress, "/api/pic/scan/auto_crop");
        _ocrUri = new Uri(_qingyangServer.BaseAddress, "/ocr");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _httpDefaultTimeout = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // A 2 KiB "PNG": the signature, then filler; the server never looks at it.
        _image = new byte[2048];
        new Random(1).NextBytes(_image);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(_image, 0);

        if (logLevel is { } level)
        {
            _telemetry = new TelemetryListeners(level);
        }

        var clipImg = new ClipImgClientOptions { ApiKey = "bench-key", BaseAddress = _clipImgServer.BaseAddress };
        clipImg.RateLimit.Enabled = false;
        var qingyang = new QingyangClientOptions { ApiKey = "bench-key", BaseAddress = _qingyangServer.BaseAddress };
        qingyang.RateLimit.Enabled = false;
        StartInjected();
        if (_telemetry is null)
        {
            _clipImg = new ClipImgClient(clipImg);
            _qingyang = new QingyangClient(qingyang);
        }
        else
        {
            // The transports are left to the GC at cleanup: the benchmark process ends there.
            _clipImg = new ClipImgClient(clipImg, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, _telemetry.LoggerFactory, null);
            _qingyang = new QingyangClient(qingyang, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, _telemetry.LoggerFactory, null);
        }
    }

    private void StartInjected()
    {
        var services = new ServiceCollection();
        services.AddDocScanClients(o =>
        {
            o.ClipImg.ApiKey = "bench-key";
            o.ClipImg.BaseAddress = _clipImgServer.BaseAddress;
            o.ClipImg.RateLimit.Enabled = false;
        });
        _services = services.BuildServiceProvider();
        _injected = _services.GetRequiredService<IClipImgClient>();
    }
}

#pragma warning disable SA1300, IDE1006, CA1819 // the vendors' field names, as a hand-written call declares them
public sealed class HandCropBody
{
    public string image_id { get; set; } = "";

    public int[][] points { get; set; } = [];

    public int card_type { get; set; }
}

public sealed class HandCropAnswer
{
    public int code { get; set; }

    public string? msg { get; set; }

    public HandCropData? data { get; set; }
}

public sealed class HandCropData
{
    public string? preview_url { get; set; }

    public string? download_url { get; set; }

    public string? preview_img_name { get; set; }

    public string? img_name { get; set; }
}

public sealed class HandRecognizeAnswer
{
    public bool success { get; set; }

    public string? cardType { get; set; }

    public long tokensIn { get; set; }

    public long tokensOut { get; set; }

    public List<Dictionary<string, JsonElement>>? result { get; set; }

    public string? fileName { get; set; }
}
#pragma warning restore SA1300, IDE1006, CA1819

[JsonSerializable(typeof(HandCropBody))]
[JsonSerializable(typeof(HandCropAnswer))]
[JsonSerializable(typeof(HandRecognizeAnswer))]
internal sealed partial class SmallCallJson : JsonSerializerContext
{
}
