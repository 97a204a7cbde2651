using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DocScan.Sdk.Redis.Tests;

/// <summary>Redis is killed mid-run and started again on the same port; clients are never restarted.</summary>
public class RedisOutageTests
{
    [Fact]
    public async Task With_Redis_killed_calls_fail_fast_with_a_DocScanException_and_recover_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = await RedisProcess.StartAsync();
        await using var emulator = await DocScanEmulator.StartAsync(new EmulatorOptions(), ct);
        string prefix = SharedRedis.NewPrefix();
        await using var services = Services(emulator, server.Address, prefix, RedisUnavailableBehavior.Fail, new Logs());
        var clip = services.GetRequiredService<IClipImgClient>();

        await clip.ScanAsync(Image(), null, ct);
        server.Kill();

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DocScanException>(() => clip.ScanAsync(Image(), null, ct));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the failure took {watch.Elapsed}");
        Assert.Equal(DocScanErrorKind.Network, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Contains("DocScan:Redis:WhenUnavailable", e.Message, StringComparison.Ordinal);
        Assert.Single(emulator.Requests.Of(EmulatorVendor.ClipImg));

        await server.StartAgainAsync();
        await RecoversAsync(clip, server.Address, prefix);
    }

    [Fact]
    public async Task With_Redis_killed_and_fallback_chosen_calls_go_on_in_process_with_a_warning_and_recover_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = await RedisProcess.StartAsync();
        await using var emulator = await DocScanEmulator.StartAsync(new EmulatorOptions(), ct);
        string prefix = SharedRedis.NewPrefix();
        var logs = new Logs();
        await using var services = Services(emulator, server.Address, prefix, RedisUnavailableBehavior.FallBackToInProcess, logs);
        var clip = services.GetRequiredService<IClipImgClient>();

        await clip.ScanAsync(Image(), null, ct);
        server.Kill();

        var watch = Stopwatch.StartNew();
        await clip.ScanAsync(Image(), null, ct);
        await clip.ScanAsync(Image(), null, ct);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"two calls during the outage took {watch.Elapsed}");
        Assert.Contains(logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("own quota", StringComparison.Ordinal));
        Assert.Equal(0, emulator.Counters.Throttled(EmulatorVendor.ClipImg));

        await server.StartAgainAsync();
        await RecoversAsync(clip, server.Address, prefix);
    }

    /// <summary>Calls succeed through Redis again: the account's reservations reappear there, with a TTL.</summary>
    private static async Task RecoversAsync(IClipImgClient clip, string address, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var probe = await ConnectionMultiplexer.ConnectAsync(address);
        var db = probe.GetDatabase();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "no recovery within 30 s of Redis being back");
            try
            {
                await clip.ScanAsync(Image(), null, ct);
                var keys = probe.GetServer(address).Keys(pattern: prefix + ":quota:*").ToList();
                if (keys.Count == 1 && await db.SortedSetLengthAsync(keys[0]) > 0)
                {
                    Assert.NotNull(await db.KeyTimeToLiveAsync(keys[0]));
                    return;
                }
            }
            catch (DocScanException e) when (e.Kind == DocScanErrorKind.Network)
            {
                // still reconnecting
            }

            await Task.Delay(200, ct);
        }
    }

    private static ImageInput Image() => ImageInput.FromBytes(TestImages.Png(48, 48));

    private static ServiceProvider Services(DocScanEmulator emulator, string redis, string prefix, RedisUnavailableBehavior behavior, Logs logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddDocScanClients(o =>
        {
            o.ClipImg.BaseAddress = emulator.ClipImgBaseAddress;
            o.ClipImg.ApiKey = EmulatorCredentials.ClipImgApiKey;
            o.ClipImg.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.ClipImg.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        }).UseRedis(redis, prefix, o => o.WhenUnavailable = behavior);
        return services.BuildServiceProvider();
    }

    /// <summary>Keeps every log record.</summary>
    internal sealed class Logs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Records { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(Logs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Records.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
