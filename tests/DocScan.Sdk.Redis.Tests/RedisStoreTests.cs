using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace DocScan.Sdk.Redis.Tests;

/// <summary>What the quota and the token store leave in Redis, and how a reservation is given back.</summary>
public class RedisStoreTests(SharedRedis redis)
{
    private static readonly DocScanQuotaWindow[] OnePerSecond = [new(1, TimeSpan.FromSeconds(1))];

    [Fact]
    public async Task Every_key_is_namespaced_has_a_TTL_and_holds_no_credential()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await DocScanEmulator.StartAsync(new EmulatorOptions(), ct);
        string prefix = SharedRedis.NewPrefix();
        var services = new ServiceCollection();
        services.AddDocScanClients(o =>
        {
            o.ClipImg.BaseAddress = emulator.ClipImgBaseAddress;
            o.ClipImg.ApiKey = EmulatorCredentials.ClipImgApiKey;
            o.Esign.BaseAddress = emulator.EsignBaseAddress;
            o.Esign.AppId = EmulatorCredentials.EsignAppId;
            o.Esign.AppSecret = EmulatorCredentials.EsignAppSecret;
            o.Esign.AuthMode = EsignAuthMode.OAuth2;
        }).UseRedis(redis.Address, prefix);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<IClipImgClient>().ScanAsync(ImageInput.FromBytes(TestImages.Png(48, 48)), null, ct);
            await provider.GetRequiredService<IEsignClient>().RecognizeTextAsync(ImageInput.FromBytes(TestImages.Png(48, 48)), null, ct);
        }

        var server = redis.Connection.GetServer(redis.Address);
        var db = redis.Connection.GetDatabase();
        var keys = server.Keys(pattern: prefix + ":*").Select(k => (string)k!).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Contains(keys, k => k.StartsWith(prefix + ":quota:{ClipImg:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith(prefix + ":token:{Esign:", StringComparison.Ordinal));
        foreach (var key in keys)
        {
            Assert.True(await db.KeyTimeToLiveAsync(key) is { } ttl && ttl > TimeSpan.Zero, key + " has no TTL");
            Assert.DoesNotContain(EmulatorCredentials.ClipImgApiKey, key, StringComparison.Ordinal);
            Assert.DoesNotContain(EmulatorCredentials.EsignAppId, key, StringComparison.Ordinal);
            string dump = await db.KeyTypeAsync(key) switch
            {
                RedisType.String => (string)(await db.StringGetAsync(key))!,
                RedisType.SortedSet => string.Join(",", await db.SortedSetRangeByRankAsync(key)),
                RedisType.Set => string.Join(",", await db.SetMembersAsync(key)),
                var other => throw new InvalidOperationException($"{key} is an unexpected {other}"),
            };
            Assert.DoesNotContain(EmulatorCredentials.ClipImgApiKey, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(EmulatorCredentials.EsignAppSecret, dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_reservation_back_and_the_next_caller_is_not_pushed_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var connection = new RedisConnection(redis.Address, new DocScanRedisOptions { KeyPrefix = SharedRedis.NewPrefix() }, NullLogger.Instance);
        var account = DocScanAccount.For("ClipImg", new Uri("https://clipimg.example/"), Guid.NewGuid().ToString("N"));
        using var quota = new RedisQuotaProvider(connection).GetQuota(new DocScanQuotaSpec(account, OnePerSecond, 10, TimeProvider.System));

        using (var first = await quota.AcquireAsync(ct))
        {
            first.MarkSent();
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await quota.AcquireAsync(cancel.Token));
        await Task.Delay(100, ct);

        // Only the sent request is left: the next caller goes one second after it, not two.
        var set = connection.Key("quota", account);
        Assert.Equal(1, await redis.Connection.GetDatabase().SortedSetLengthAsync(set));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var next = await quota.AcquireAsync(ct);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the next caller waited {watch.Elapsed}");
    }
}
