using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;

namespace DocScan.Sdk.Tests.ClipImg;

/// <summary>Rate limits, Retry-After and cancellation, on a fake clock.</summary>
public class ClipImgTimingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The fake clock's step while a test drives it. Gaps are still asserted exactly: a request is stamped on arrival
    /// at the transport, at or after its permit was granted, and the limiter counts the previous request from when
    /// its body started going out, which is at or after that request's arrival.
    /// </summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static ClipImgTestHost Limited() => new(o =>
    {
        o.RateLimit.Enabled = true;
        o.RateLimit.SafetyMargin = TimeSpan.Zero;
    }, fakeTime: true);

    [Fact]
    public async Task Three_concurrent_scans_are_sent_at_least_one_second_apart()
    {
        using var host = Limited();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var calls = Enumerable.Range(0, 3).Select(_ => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct)).ToArray();
        await host.DriveAll(calls, Step, TimeSpan.FromSeconds(10));

        Assert.All(calls, c => Assert.True(c.IsCompletedSuccessfully));
        var times = host.Requests.Select(r => r.At).OrderBy(t => t).ToArray();
        Assert.Equal(3, times.Length);
        for (int i = 1; i < times.Length; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(1), $"requests {i - 1} and {i} were {(times[i] - times[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    [Fact]
    public async Task The_21st_call_inside_a_minute_waits_for_the_window()
    {
        using var host = Limited();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        var start = host.Time!.GetUtcNow();

        var calls = Enumerable.Range(0, 21).Select(_ => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct)).ToArray();
        await host.DriveAll(calls, Step, TimeSpan.FromSeconds(90));

        Assert.All(calls, c => Assert.True(c.IsCompletedSuccessfully));
        var times = host.Requests.Select(r => r.At).OrderBy(t => t).ToArray();
        Assert.Equal(21, times.Length);
        Assert.True(times[19] - start < TimeSpan.FromSeconds(21), "the first 20 go at 1/s");
        Assert.True(times[20] - times[0] >= TimeSpan.FromSeconds(60), $"the 21st went {(times[20] - times[0]).TotalSeconds} s after the first");
    }

    [Fact]
    public async Task A_full_rate_limit_queue_fails_the_extra_call_at_once_with_rate_limited()
    {
        using var host = new ClipImgTestHost(o =>
        {
            o.RateLimit.Enabled = true;
            o.RateLimit.QueueLimit = 1;
        }, fakeTime: true);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        var queued = host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.Contains("QueueLimit", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Attempts);
        Assert.False(queued.IsCompleted);
        await host.Drive(queued, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Assert.Equal(2, host.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_two_seconds_is_waited_for_and_then_the_call_succeeds()
    {
        var margin = TimeSpan.FromMilliseconds(100);
        using var host = new ClipImgTestHost(o => o.RateLimit.SafetyMargin = margin, fakeTime: true);
        host.Answer("POST", "/api/pic/scan",
            ClipImgTestHost.Json("{}", HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(2))),
            ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var call = host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        var result = await host.Drive(call, Step, TimeSpan.FromSeconds(10));

        // Retry-After plus the safety margin, and not much later: a few clock steps, which a busy machine can overshoot.
        var times = host.Requests.Select(r => r.At).ToArray();
        Assert.Equal(2, result.Attempts);
        Assert.InRange(times[1] - times[0], TimeSpan.FromSeconds(2) + margin, TimeSpan.FromSeconds(2) + margin + (5 * Step));
    }

    [Fact]
    public async Task Retry_after_an_hour_fails_at_once_with_rate_limited_and_retry_after_set()
    {
        using var host = new ClipImgTestHost(fakeTime: true);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("{}", HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(3600))));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task A_retry_after_date_past_the_total_timeout_fails_at_once()
    {
        using var host = new ClipImgTestHost(o => { o.Retry.MaxRetryAfter = TimeSpan.FromHours(1); o.TotalTimeout = TimeSpan.FromSeconds(30); o.AttemptTimeout = TimeSpan.FromSeconds(10); }, fakeTime: true);
        var at = host.Time!.GetUtcNow().AddSeconds(45);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("{}", HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new(at)));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(45), e.RetryAfter);
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_rate_limit_ends_the_call_promptly()
    {
        using var host = Limited();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct); // uses the first permit

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiting = host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, cts.Token);
        await Task.Delay(20, Ct);
        Assert.False(waiting.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task Cancellation_during_the_request_ends_the_call_promptly()
    {
        var arrived = new TaskCompletionSource();
        using var client = new ClipImgClient(TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k" }), new DelegateHandler(async (request, token) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return new System.Net.Http.HttpResponseMessage(HttpStatusCode.OK);
        }), null, null);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.ScanAsync(ClipImgTestHost.Jpeg(), null, cts.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task An_attempt_that_hangs_past_the_attempt_timeout_is_retried_for_a_free_operation()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        int n = 0;
        var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(60) });
        using var client = new ClipImgClient(options, new DelegateHandler(async (request, token) =>
        {
            if (Interlocked.Increment(ref n) == 1)
            {
                await request.Content!.ReadAsByteArrayAsync(token); // sent, then no answer
                await Task.Delay(Timeout.Infinite, token);
            }

            return ClipImgTestHost.Json(ClipImgTestHost.ScanOk)();
        }), null, time);

        var call = client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        for (int i = 0; i < 100 && !call.IsCompleted; i++)
        {
            await Task.Delay(2, Ct);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var result = await call;
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, n);
    }
}
