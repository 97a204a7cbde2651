using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.ClipImg;

/// <summary>A ClipImg client over MockHttp, with a fake clock and captured logs.</summary>
internal sealed class ClipImgTestHost : IDisposable
{
    public const string ApiKey = "ck_live_SECRET_KEY_0123456789abcdef";

    public const string ScanOk = """
        {"code":0,"msg":"Success","data":{"points":[[114,92],[543,92],[543,400],[114,400]],"image_id":"img_1",
        "filenames":{"preview_url":"https://www.clipimg.com/api/pic/scan/preview/img_1_scan_crop_preview",
        "download_url":"https://www.clipimg.com/api/pic/scan/download/img_1_scan_crop",
        "preview_img_name":"img_1_scan_crop_preview","img_name":"img_1_scan_crop"}}}
        """;

    public ClipImgTestHost(Action<ClipImgClientOptions>? configure = null, bool fakeTime = false)
    {
        Options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = ApiKey });
        configure?.Invoke(Options);
        Time = fakeTime ? new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)) : null;
        (var factory, Logs) = TestSupport.CapturingLogs();
        Client = new ClipImgClient(Options, new ArrivalStamp(Time) { InnerHandler = Mock }, factory, Time);
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public ClipImgClientOptions Options { get; }

    public FakeTimeProvider? Time { get; }

    public FakeLogCollector Logs { get; }

    public ClipImgClient Client { get; }

    /// <summary>Every request that reached the transport, with its body and the (fake or real) time it arrived.</summary>
    public ConcurrentQueue<Captured> Requests { get; } = new();

    public static ImageInput Jpeg(int size = 64)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return ImageInput.FromBytes(bytes);
    }

    /// <summary>Answers each request with the next of <paramref name="responses"/> (the last repeats), recording it.</summary>
    public void Answer(string method, string path, params Func<HttpResponseMessage>[] responses)
    {
        int n = 0;
        Mock.When(new HttpMethod(method), "https://www.clipimg.com" + path).Respond(async request =>
        {
            var at = ArrivalStamp.Of(request);
            Requests.Enqueue(new Captured(request, await TestSupport.BodyOf(request), at));
            int i = System.Threading.Interlocked.Increment(ref n) - 1;
            return responses[Math.Min(i, responses.Length - 1)]();
        });
    }

    public static Func<HttpResponseMessage> Json(string json, HttpStatusCode status = HttpStatusCode.OK, Action<HttpResponseMessage>? tweak = null) => () =>
    {
        var r = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        tweak?.Invoke(r);
        return r;
    };

    public static Func<HttpResponseMessage> Code(int code, string msg) => Json($"{{\"code\":{code},\"msg\":\"{msg}\",\"data\":null}}");

    /// <summary>Steps the fake clock until <paramref name="task"/> completes, letting continuations run between steps.</summary>
    public async Task<T> Drive<T>(Task<T> task, TimeSpan step, TimeSpan max)
    {
        var time = Time ?? throw new InvalidOperationException("fake time is off");
        var end = time.GetUtcNow() + max;
        while (!task.IsCompleted && time.GetUtcNow() < end)
        {
            await Task.Delay(2);
            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        await Task.Delay(5);
        return await task;
    }

    public async Task DriveAll(IReadOnlyList<Task> tasks, TimeSpan step, TimeSpan max)
        => await Drive(Task.WhenAll(tasks).ContinueWith(_ => 0, TaskScheduler.Default), step, max);

    public void Dispose()
    {
        Client.Dispose();
        Mock.Dispose();
    }

    public sealed record Captured(HttpRequestMessage Request, byte[] Body, DateTimeOffset At);

    /// <summary>
    /// Stamps the moment the SDK hands a request to the transport, synchronously, before anything can yield
    /// (MockHttp may await before calling a responder while the test moves the fake clock on).
    /// </summary>
    private sealed class ArrivalStamp : DelegatingHandler
    {
        private static readonly HttpRequestOptionsKey<DateTimeOffset> Key = new("test.arrival");
        private readonly TimeProvider _time;

        public ArrivalStamp(TimeProvider? time) => _time = time ?? TimeProvider.System;

        public static DateTimeOffset Of(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var at) ? at : DateTimeOffset.MinValue;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            request.Options.Set(Key, _time.GetUtcNow());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
