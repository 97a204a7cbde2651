using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DocScan.Sdk.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// The cost of one quota permit (acquire, mark sent, settle) when the quota has room: the in-process exact quota
/// against the Redis one (a round trip to redis-server on loopback, at <c>DOCSCAN_BENCH_REDIS</c>, default
/// 127.0.0.1:6379). The rule (1000 per millisecond) never makes a caller wait, so only the overhead is measured.
/// </summary>
[MemoryDiagnoser]
public class QuotaBenchmarks
{
    private DocScanQuota _inProcess = null!;
    private DocScanQuota _redis = null!;
    private RedisConnection _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rules = new[] { new DocScanQuotaWindow(1000, TimeSpan.FromMilliseconds(1)) };
        var account = DocScanAccount.For("Bench", new Uri("https://bench.example/"), "bench-" + Guid.NewGuid().ToString("N"));
        _inProcess = DocScanQuotaProvider.InProcess.GetQuota(new DocScanQuotaSpec(account, rules, 1000, TimeProvider.System));
        var address = Environment.GetEnvironmentVariable("DOCSCAN_BENCH_REDIS") ?? "127.0.0.1:6379";
        _connection = new RedisConnection(address, new DocScanRedisOptions { KeyPrefix = "docscan-bench" }, NullLogger.Instance);
        var redisAccount = DocScanAccount.For("Bench", new Uri("https://bench.example/"), "redis-" + Guid.NewGuid().ToString("N"));
        _redis = new RedisQuotaProvider(_connection).GetQuota(new DocScanQuotaSpec(redisAccount, rules, 1000, TimeProvider.System));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inProcess.Dispose();
        _redis.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task InProcess()
    {
        using var permit = await _inProcess.AcquireAsync(CancellationToken.None);
        permit.MarkSent();
    }

    [Benchmark]
    public async Task Redis()
    {
        using var permit = await _redis.AcquireAsync(CancellationToken.None);
        permit.MarkSent();
    }
}
