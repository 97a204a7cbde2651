using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Time.Testing;

namespace DocScan.Sdk.Tests.Http;

public class QuotaRateLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_sliding_window_over_the_send_times_holds_one_per_second_and_twenty_per_minute()
    {
        var time = new FakeTimeProvider();
        using var limiter = new QuotaRateLimiter(new[] { (1, TimeSpan.FromSeconds(1)), (20, TimeSpan.FromMinutes(1)) }, 1000, time);
        var random = new Random(42);
        var sends = new List<long>();
        var pending = new List<Task>();

        // 70 callers arriving in bursts over ~3 minutes; each "sends" a random 0–300 ms after its grant.
        for (int i = 0; i < 70; i++)
        {
            pending.Add(Caller(limiter, time, random.Next(0, 300), sends));
            if (random.Next(3) == 0)
            {
                await Advance(time, TimeSpan.FromMilliseconds(random.Next(0, 2500)));
            }
        }

        for (int step = 0; step < 10_000 && pending.Any(t => !t.IsCompleted); step++)
        {
            await Advance(time, TimeSpan.FromMilliseconds(100));
        }

        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        var ms = sends.OrderBy(t => t).ToArray();
        Assert.Equal(70, ms.Length);
        for (int i = 1; i < ms.Length; i++)
        {
            Assert.True(ms[i] - ms[i - 1] >= 1000, $"sends {i - 1} and {i} are {ms[i] - ms[i - 1]} ms apart");
        }

        for (int i = 20; i < ms.Length; i++)
        {
            Assert.True(ms[i] - ms[i - 20] >= 60_000, $"21 sends within {ms[i] - ms[i - 20]} ms ending at send {i}");
        }
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order()
    {
        var time = new FakeTimeProvider();
        using var limiter = new QuotaRateLimiter(new[] { (1, TimeSpan.FromSeconds(1)) }, 10, time);
        var order = new List<int>();
        var tasks = Enumerable.Range(0, 5).Select(async i =>
        {
            using var lease = await limiter.AcquireAsync(1, Ct);
            lock (order)
            {
                order.Add(i);
            }
        }).ToArray();
        for (int i = 0; i < 100 && tasks.Any(t => !t.IsCompleted); i++)
        {
            await Advance(time, TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
    }

    [Fact]
    public async Task A_full_queue_rejects_with_retry_after_instead_of_waiting()
    {
        var time = new FakeTimeProvider();
        using var limiter = new QuotaRateLimiter(new[] { (1, TimeSpan.FromSeconds(1)) }, 1, time);
        using var first = await limiter.AcquireAsync(1, Ct);
        var queued = limiter.AcquireAsync(1, Ct);

        using var rejected = await limiter.AcquireAsync(1, Ct);

        Assert.True(first.IsAcquired);
        Assert.False(queued.IsCompleted);
        Assert.False(rejected.IsAcquired);
        Assert.True(rejected.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_full_queue_estimates_retry_after_from_the_callers_queued_ahead()
    {
        var time = new FakeTimeProvider();
        var second = TimeSpan.FromSeconds(1.05);
        using var limiter = new QuotaRateLimiter(new[] { (1, second), (20, TimeSpan.FromSeconds(60.05)) }, 5, time);
        var first = (QuotaRateLimiter.Grant)await limiter.AcquireAsync(1, Ct);
        first.MarkSent();
        var queued = Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync(1, Ct).AsTask()).ToList();

        using var rejected = await limiter.AcquireAsync(1, Ct);

        // Five callers are granted 1.05 s apart after the first send; this one would come sixth.
        Assert.False(rejected.IsAcquired);
        Assert.True(rejected.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(6 * second.TotalMilliseconds, retryAfter.TotalMilliseconds, 1.0);
        Assert.All(queued, t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue()
    {
        var time = new FakeTimeProvider();
        using var limiter = new QuotaRateLimiter(new[] { (1, TimeSpan.FromSeconds(1)) }, 10, time);
        using var first = await limiter.AcquireAsync(1, Ct);
        using var cts = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(1, cts.Token).AsTask();

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    private static async Task Caller(QuotaRateLimiter limiter, FakeTimeProvider time, int sendDelayMs, List<long> sends)
    {
        using var lease = await limiter.AcquireAsync(1, Ct);
        Assert.True(lease.IsAcquired);
        var due = time.GetUtcNow().AddMilliseconds(sendDelayMs);
        while (time.GetUtcNow() < due)
        {
            await Task.Delay(1, Ct);
        }

        // Read the clock before stamping: the driver may move it on in between, and the limiter's stamp must never
        // be earlier than the send time recorded here.
        long sentAt = (long)(time.GetUtcNow() - time.Start).TotalMilliseconds;
        ((QuotaRateLimiter.Grant)lease).MarkSent();
        lock (sends)
        {
            sends.Add(sentAt);
        }
    }

    private static async Task Advance(FakeTimeProvider time, TimeSpan by)
    {
        await Task.Delay(1, Ct);
        time.Advance(by);
        await Task.Yield();
    }
}
