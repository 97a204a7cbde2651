using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DocScan.Sdk.ClipImg;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// The SDK's own CPU cost per call, with no network: the crop of <see cref="SmallCallBenchmarks"/>, hand-written and
/// through <see cref="ClipImgClient"/>, each on a transport that answers from memory at once. Nothing waits and no
/// thread changes hands, so the figures do not depend on the machine's scheduling the way loopback calls do; the
/// difference is what the SDK's pipeline, handlers and answer mapping cost in CPU and memory per call.
/// <c>SdkCropTelemetry</c> adds the listeners of <see cref="TelemetryListeners"/> (logging at Information): the
/// transport here has none of .NET's own HTTP telemetry, so the difference from <c>SdkCrop</c> is the SDK's alone.
/// </summary>
[MemoryDiagnoser]
public class InProcessBenchmarks
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(SmallCallBenchmarks.CropOk);
    private static readonly Uri Base = new("http://127.0.0.1:9/");

    private HttpClient _http = null!;
    private ClipImgClient _clipImg = null!;
    private Uri _cropUri = null!;
    private TelemetryListeners? _telemetry;

    [GlobalSetup(Targets = new[] { nameof(HandWrittenCrop), nameof(SdkCrop), nameof(HandWrittenCropParallel16), nameof(SdkCropParallel16) })]
    public void Setup() => Start(null);

    [GlobalSetup(Targets = new[] { nameof(SdkCropTelemetry) })]
    public void SetupTelemetry() => Start(LogLevel.Information);

    private void Start(LogLevel? logLevel)
    {
        _telemetry = logLevel is { } level ? new TelemetryListeners(level) : null;
        _http = new HttpClient(new MemoryTransport()) { Timeout = Timeout.InfiniteTimeSpan };
        _cropUri = new Uri(Base, "/api/pic/scan/auto_crop");
        var options = new ClipImgClientOptions { ApiKey = "bench-key", BaseAddress = Base };
        options.RateLimit.Enabled = false;
        _clipImg = new ClipImgClient(options, new MemoryTransport(), _telemetry?.LoggerFactory, timeProvider: null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clipImg.Dispose();
        _http.Dispose();
        _telemetry?.Dispose();
    }

    /// <summary>The hand-written crop on an <see cref="HttpClient"/> over the in-memory transport.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> HandWrittenCrop() => SmallCallBenchmarks.HandWrittenCrop(_http, _cropUri);

    /// <summary>The same crop through <see cref="ClipImgClient"/> over the in-memory transport.</summary>
    [Benchmark]
    public Task<int> SdkCrop() => SmallCallBenchmarks.SdkCrop(_clipImg);

    /// <summary>The hand-written crop from 16 callers at once (time per call), on the in-memory transport.</summary>
    [Benchmark(OperationsPerInvoke = SmallCallBenchmarks.Callers * SmallCallBenchmarks.CallsPerCaller)]
    public Task HandWrittenCropParallel16() => SmallCallBenchmarks.Parallel16(HandWrittenCrop);

    /// <summary>The SDK crop from 16 callers at once (time per call): how the SDK's own work scales on two or more cores.</summary>
    [Benchmark(OperationsPerInvoke = SmallCallBenchmarks.Callers * SmallCallBenchmarks.CallsPerCaller)]
    public Task SdkCropParallel16() => SmallCallBenchmarks.Parallel16(SdkCrop);

    /// <summary>The SDK crop with an activity listener, a meter listener and a logger at Information.</summary>
    [Benchmark]
    public Task<int> SdkCropTelemetry() => SmallCallBenchmarks.SdkCrop(_clipImg);

    /// <summary>Answers every request with ClipImg's crop answer, synchronously, without reading the request's body.</summary>
    private sealed class MemoryTransport : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(Answer);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
