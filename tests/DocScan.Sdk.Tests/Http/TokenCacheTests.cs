using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Time.Testing;

namespace DocScan.Sdk.Tests.Http;

public class TokenCacheTests
{
    [Fact]
    public async Task A_token_fetched_synchronously_is_still_refreshed_when_it_expires()
    {
        var time = new FakeTimeProvider();
        int n = 0;
        var cache = new TokenCache((_, _) => Task.FromResult(new CachedToken("t" + Interlocked.Increment(ref n), time.GetUtcNow().AddMinutes(30))), time, TimeSpan.FromMinutes(5));

        Assert.Equal("t1", await cache.GetAsync(TestContext.Current.CancellationToken));
        Assert.Equal("t1", await cache.GetAsync(TestContext.Current.CancellationToken));
        time.Advance(TimeSpan.FromMinutes(26));
        Assert.Equal("t2", await cache.GetAsync(TestContext.Current.CancellationToken));
        cache.Invalidate("t2");
        Assert.Equal("t3", await cache.GetAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Fifty_concurrent_callers_share_one_fetch()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource();
        int n = 0;
        var cache = new TokenCache(async (_, _) =>
        {
            Interlocked.Increment(ref n);
            await gate.Task;
            return new CachedToken("shared", time.GetUtcNow().AddHours(2));
        }, time, TimeSpan.FromMinutes(5));

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetAsync(TestContext.Current.CancellationToken))).ToArray();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        gate.SetResult();

        Assert.All(await Task.WhenAll(callers), t => Assert.Equal("shared", t));
        Assert.Equal(1, n);
    }
}
