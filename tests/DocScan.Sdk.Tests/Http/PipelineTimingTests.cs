using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Qingyang;
using DocScan.Sdk.Tests.ClipImg;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DocScan.Sdk.Tests.Http;

/// <summary>Retry-After fit and margin, 503 hints, counting attempts, and what a charged call's failure says.</summary>
public class PipelineTimingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>Moves the fake clock in half-second steps until <paramref name="call"/> ends (at most 50 s).</summary>
    private static async Task Drive(Task call, FakeTimeProvider time)
    {
        for (int i = 0; i < 100 && !call.IsCompleted; i++)
        {
            await Task.Delay(2, Ct);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        await call;
    }

    private static Func<HttpResponseMessage> Status(HttpStatusCode status, TimeSpan retryAfter)
        => ClipImgTestHost.Json("{}", status, r => r.Headers.RetryAfter = new(retryAfter));

    [Fact]
    public async Task A_retry_after_that_leaves_no_room_for_another_attempt_fails_at_once_with_rate_limited()
    {
        // TotalTimeout 6 s, Retry-After 5 s: waiting would leave under a second for the next attempt.
        using var host = new ClipImgTestHost(o => { o.TotalTimeout = TimeSpan.FromSeconds(6); o.AttemptTimeout = TimeSpan.FromSeconds(5); }, fakeTime: true);
        host.Answer("POST", "/api/pic/scan", Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5)), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        var start = host.Time!.GetUtcNow();

        var call = host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Drive(call, Step, TimeSpan.FromSeconds(10)));

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), e.RetryAfter);
        Assert.Single(host.Requests);
        Assert.Equal(1, e.Attempts);
        Assert.True(host.Time.GetUtcNow() - start < TimeSpan.FromSeconds(1), "it failed at once, without waiting");
        Assert.Contains("DocScan:ClipImg:TotalTimeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_that_fits_with_room_for_an_attempt_is_still_waited_for()
    {
        using var host = new ClipImgTestHost(o => { o.TotalTimeout = TimeSpan.FromSeconds(8); o.AttemptTimeout = TimeSpan.FromSeconds(5); }, fakeTime: true);
        host.Answer("POST", "/api/pic/scan", Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5)), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var result = await host.Drive(host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct), Step, TimeSpan.FromSeconds(10));

        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Retry_after_is_waited_for_plus_the_safety_margin()
    {
        using var host = new ClipImgTestHost(o => o.RateLimit.SafetyMargin = TimeSpan.FromMilliseconds(500), fakeTime: true);
        host.Answer("POST", "/api/pic/scan", Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5)), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        await host.Drive(host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct), Step, TimeSpan.FromSeconds(10));

        var times = host.Requests.Select(r => r.At).ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(5.5), $"the retry went {(times[1] - times[0]).TotalMilliseconds} ms after the 429");
    }

    [Fact]
    public async Task A_503_with_a_retry_after_beyond_max_retry_after_fails_as_rate_limited_with_retry_after_set()
    {
        using var host = new ClipImgTestHost(fakeTime: true);
        host.Answer("POST", "/api/pic/scan", Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(10)));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.Equal(503, e.HttpStatus);
        Assert.Equal(TimeSpan.FromMinutes(10), e.RetryAfter);
        Assert.True(e.IsTransient);
        Assert.Single(host.Requests);
        Assert.Contains("DocScan:ClipImg:Retry:MaxRetryAfter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_timed_out_before_its_body_went_out_is_not_counted_and_is_retried_even_when_charged()
    {
        var time = new FakeTimeProvider();
        int handed = 0;
        var options = TestSupport.Fast(new QingyangClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(60) });
        options.Retry.MaxRetries = 1;
        using var client = new QingyangClient(options, new DelegateHandler(async (request, token) =>
        {
            Interlocked.Increment(ref handed);
            await Task.Delay(Timeout.Infinite, token); // still connecting: the body never starts going out
            return new HttpResponseMessage(HttpStatusCode.OK);
        }), null, time);

        var call = client.RecognizeAsync(ImageInput.FromBytes(CallerStreamFailureTests.Image(100)), null, Ct);
        var e = await Assert.ThrowsAsync<DocScanException>(() => Drive(call, time));
        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal(2, handed); // nothing reached the vendor, so even a charged call may try again
        Assert.Equal(0, e.Attempts);
        Assert.DoesNotContain("billed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_charged_call_reset_after_sending_says_it_may_have_been_billed_and_was_not_retried()
    {
        var (factory, logs) = TestSupport.CapturingLogs();
        int handed = 0;
        using var client = new QingyangClient(TestSupport.Fast(new QingyangClientOptions { ApiKey = "k" }), new DelegateHandler(async (request, token) =>
        {
            Interlocked.Increment(ref handed);
            await request.Content!.ReadAsByteArrayAsync(token);
            throw new HttpRequestException("The response ended prematurely.", new System.IO.IOException("connection reset by peer"));
        }), factory, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(CallerStreamFailureTests.Image(100)), null, Ct));

        Assert.Equal(DocScanErrorKind.Network, e.Kind);
        Assert.Equal(1, handed);
        Assert.Equal(1, e.Attempts);
        Assert.Contains("may have processed and billed", e.Message, StringComparison.Ordinal);
        Assert.Contains("not retried", e.Message, StringComparison.Ordinal);
        Assert.Contains("DocScan:Qingyang:Retry:RetryAmbiguousFailures", e.Message, StringComparison.Ordinal);
        var warning = logs.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.Contains("HTTP -,", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP ,", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_charged_call_timing_out_after_sending_says_it_may_have_been_billed()
    {
        var time = new FakeTimeProvider();
        var options = TestSupport.Fast(new QingyangClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(60) });
        using var client = new QingyangClient(options, new DelegateHandler(async (request, token) =>
        {
            await request.Content!.ReadAsByteArrayAsync(token);
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }), null, time);

        var call = client.RecognizeAsync(ImageInput.FromBytes(CallerStreamFailureTests.Image(100)), null, Ct);
        var e = await Assert.ThrowsAsync<DocScanException>(() => Drive(call, time));
        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal(1, e.Attempts);
        Assert.Contains("may have processed and billed", e.Message, StringComparison.Ordinal);
        Assert.Contains("DocScan:Qingyang:Retry:RetryAmbiguousFailures", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transport_failure_that_races_the_attempt_timeout_is_still_a_DocScanException()
    {
        // The transport fails with an I/O error just as the attempt timeout cancels it: the attempt's filters see the
        // cancelled token and Polly converts only cancellations, so the error must be caught at the call's edge.
        var transport = new DelegateHandler(async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
            }

            throw new System.IO.IOException("the connection was reset as the attempt timed out");
        });
        var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k" });
        options.AttemptTimeout = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxRetries = 0;
        using var client = new ClipImgClient(options, transport, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.Network, e.Kind);
        Assert.IsType<System.IO.IOException>(e.InnerException);
    }

    [Fact]
    public async Task Attempts_that_keep_hanging_end_at_the_total_timeout_counted_from_the_start_of_the_call()
    {
        var time = new FakeTimeProvider();
        int handed = 0;
        var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromSeconds(4), TotalTimeout = TimeSpan.FromSeconds(10) });
        options.Retry.MaxRetries = 10;
        using var client = new ClipImgClient(options, new DelegateHandler(async (request, token) =>
        {
            Interlocked.Increment(ref handed);
            await request.Content!.ReadAsByteArrayAsync(token); // sent, then no answer
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }), null, time);
        var start = time.GetUtcNow();

        var call = client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        var e = await Assert.ThrowsAsync<DocScanException>(() => Drive(call, time));

        // Attempts at 0 s and about 4 s time out; the third is cut by the total timeout at 10 s, not by its own at 12 s.
        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Contains("DocScan:ClipImg:TotalTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, handed);
        Assert.Equal(3, e.Attempts);
        Assert.InRange(time.GetUtcNow() - start, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5));
    }

    [Fact]
    public async Task A_rate_limit_wait_longer_than_the_total_timeout_ends_as_a_timeout_without_sending()
    {
        using var host = new ClipImgTestHost(o =>
        {
            o.RateLimit.Enabled = true;
            o.RateLimit.SafetyMargin = TimeSpan.Zero;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.TotalTimeout = TimeSpan.FromMilliseconds(500);
        }, fakeTime: true);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        var start = host.Time!.GetUtcNow();

        var first = host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        var second = host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct); // one per second: waits a second for its permit
        await first; // the clock stands still meanwhile: its own short timeouts cannot fire
        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Drive(second, Step, TimeSpan.FromSeconds(5)));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Contains("DocScan:ClipImg:TotalTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Attempts);
        Assert.Single(host.Requests);
        Assert.True(host.Time.GetUtcNow() - start < TimeSpan.FromSeconds(1), "it ended at the total timeout, before its permit came");
    }

    [Fact]
    public async Task A_retry_waits_for_a_permit_of_its_own()
    {
        using var host = new ClipImgTestHost(o =>
        {
            o.RateLimit.Enabled = true;
            o.RateLimit.SafetyMargin = TimeSpan.Zero;
        }, fakeTime: true);
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json("{}", HttpStatusCode.ServiceUnavailable), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var result = await host.Drive(host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct), Step, TimeSpan.FromSeconds(10));

        Assert.Equal(2, result.Attempts);
        var times = host.Requests.Select(r => r.At).ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1), $"the retry went {(times[1] - times[0]).TotalMilliseconds} ms after the 503, inside the one-per-second quota");
    }

    [Fact]
    public async Task A_plugged_in_limiter_that_refuses_fails_the_call_as_rate_limited_without_sending()
    {
        using var limiter = new System.Threading.RateLimiting.ConcurrencyLimiter(new() { PermitLimit = 1, QueueLimit = 0 });
        using var held = limiter.AttemptAcquire();
        using var host = new ClipImgTestHost(o => o.RateLimit.UseLimiter(limiter));
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Json(ClipImgTestHost.ScanOk));

        var e = await Assert.ThrowsAsync<DocScanException>(() => host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.Contains("DocScan:ClipImg:RateLimit:QueueLimit", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);

        held.Dispose();
        var result = await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData(false, 1)] // the connection was made: a request without a body may have reached the vendor
    [InlineData(true, 0)] // the connection was refused: nothing was sent
    public async Task A_request_without_a_body_that_fails_counts_as_an_attempt_unless_the_connection_was_refused(bool refused, int attempts)
    {
        var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k" });
        options.Retry.MaxRetries = 0;
        using var client = new ClipImgClient(options, new DelegateHandler((request, token) => throw (refused
            ? new HttpRequestException("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))
            : new HttpRequestException("reset", new System.IO.IOException("the connection was reset")))), null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadAsync("result.png", new System.IO.MemoryStream(), Ct));

        Assert.Equal(DocScanErrorKind.Network, e.Kind);
        Assert.Equal(attempts, e.Attempts);
    }

    [Fact]
    public async Task A_send_refused_at_connect_still_uses_its_rate_limit_permit()
    {
        // The vendor may have seen a request whose connection failed, so the quota counts it: the next call waits.
        var time = new FakeTimeProvider();
        var sent = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        int n = 0;
        var options = new ClipImgClientOptions { ApiKey = "k" };
        options.Retry.MaxRetries = 0;
        options.RateLimit.SafetyMargin = TimeSpan.Zero;
        using var client = new ClipImgClient(options, new DelegateHandler((request, token) =>
        {
            sent.Enqueue(time.GetUtcNow());
            return Interlocked.Increment(ref n) == 1
                ? throw new HttpRequestException("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))
                : Task.FromResult(ClipImgTestHost.Json(ClipImgTestHost.ScanOk)());
        }), null, time);

        await Assert.ThrowsAsync<DocScanException>(() => client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct));
        var second = client.ScanAsync(ClipImgTestHost.Jpeg(), null, Ct);
        await Task.Delay(300, Ct); // the clock stands still: a call that needs no permit would have been sent by now
        Assert.Single(sent);

        time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(2, sent.Count);
    }
}
