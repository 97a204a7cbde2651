using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.Http;

/// <summary>Quotas belong to the vendor account: clients of one key share one, clients of two keys keep two.</summary>
public class AccountSharingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_ClipImg_clients_on_one_key_are_spaced_one_per_second_together()
    {
        using var server = new StampingServer();
        using var a = server.Client("key-shared");
        using var b = server.Client("key-shared");

        var calls = new[] { a, b, a, b }.Select(c => c.ScanAsync(DocScan.Sdk.Tests.ClipImg.ClipImgTestHost.Jpeg(), null, Ct)).ToArray();
        await server.DriveAsync(calls, TimeSpan.FromSeconds(10));

        var times = server.Arrivals("key-shared");
        Assert.Equal(4, times.Count);
        for (int i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(1), $"requests {i - 1} and {i} arrived {(times[i] - times[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    [Fact]
    public async Task ClipImg_clients_on_two_keys_are_not_slowed_down_by_each_other()
    {
        using var server = new StampingServer();
        using var a = server.Client("key-one");
        using var b = server.Client("key-two");

        var calls = new[] { a.ScanAsync(DocScan.Sdk.Tests.ClipImg.ClipImgTestHost.Jpeg(), null, Ct), b.ScanAsync(DocScan.Sdk.Tests.ClipImg.ClipImgTestHost.Jpeg(), null, Ct) };
        await server.DriveAsync(calls, TimeSpan.FromSeconds(10));

        // Both went well inside the first second: neither waited for the other's quota (one quota would space them 1 s).
        var gap = Assert.Single(server.Arrivals("key-one")) - Assert.Single(server.Arrivals("key-two"));
        Assert.True(gap.Duration() < TimeSpan.FromMilliseconds(500), $"the two keys' requests arrived {gap.TotalMilliseconds} ms apart");
    }

    /// <summary>One mock transport on a fake clock that stamps each request's arrival, per API key.</summary>
    private sealed class StampingServer : IDisposable
    {
        private readonly MockHttpMessageHandler _mock = new();
        private readonly ConcurrentQueue<(string Key, DateTimeOffset At)> _arrivals = new();

        public StampingServer()
        {
            _mock.When("*").Respond(request =>
            {
                _arrivals.Enqueue((request.Headers.GetValues("X-API-Key").Single(), Time.GetUtcNow()));
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(DocScan.Sdk.Tests.ClipImg.ClipImgTestHost.ScanOk, Encoding.UTF8, "application/json") };
            });
        }

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

        public ClipImgClient Client(string apiKey)
        {
            var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = apiKey });
            options.RateLimit.Enabled = true;
            options.RateLimit.SafetyMargin = TimeSpan.Zero;
            return new ClipImgClient(options, _mock, null, Time);
        }

        public List<DateTimeOffset> Arrivals(string key) => _arrivals.Where(a => a.Key == key).Select(a => a.At).OrderBy(t => t).ToList();

        public async Task DriveAsync(IReadOnlyList<Task> calls, TimeSpan max)
        {
            var all = Task.WhenAll(calls);
            var end = Time.GetUtcNow() + max;
            while (!all.IsCompleted && Time.GetUtcNow() < end)
            {
                await Task.Delay(2, Ct);
                if (!all.IsCompleted)
                {
                    Time.Advance(TimeSpan.FromMilliseconds(50));
                }
            }

            await all;
        }

        public void Dispose() => _mock.Dispose();
    }
}
