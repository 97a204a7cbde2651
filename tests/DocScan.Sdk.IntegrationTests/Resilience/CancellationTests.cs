using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DocScan.Sdk.IntegrationTests.Resilience;

/// <summary>
/// Cancelling a call frees its connection. The Aliyun client is given a primary handler with ONE connection
/// per server, so if the cancelled call kept its connection, the next call could not even start.
/// </summary>
public class CancellationTests
{
    /// <summary>Generous for loopback on a busy machine, far below the seconds a stuck upload or a 10-minute hang would take.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    private static Task<EmulatedHost> StartAsync()
        => EmulatedHost.StartAsync(clients: c => c.AliyunIqs.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 1 }));

    [Fact]
    public async Task Cancelling_a_large_upload_midway_throws_promptly_and_the_next_call_succeeds_promptly()
    {
        await using var env = await StartAsync();
        var large = TestImages.Png(2000, 1500, seed: 60, noise: true); // ~3 MB, ~4 MB as Base64
        await using var slow = new SlowStream(large);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(EmulatedHost.Ct);

        var upload = env.AliyunIqs.ScanFileAsync(ImageInput.FromStream(slow), null, cancel.Token);
        await slow.ReachedSlowPart.WaitAsync(TimeSpan.FromSeconds(10), EmulatedHost.Ct);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.True(watch.Elapsed < Prompt, $"the cancelled upload took {watch.ElapsedMilliseconds} ms to end");
        Assert.True(slow.Position < large.Length, "the upload was cancelled before the image was read to the end");

        watch.Restart();
        var next = await env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(seed: 61)), null, EmulatedHost.Ct);
        Assert.True(watch.Elapsed < Prompt, $"the next call took {watch.ElapsedMilliseconds} ms");
        Assert.Single(next.Pages);

        // The emulator saw the upload stop part-way and the connection go: nothing was processed or charged.
        var log = await env.CompletedLogAsync(EmulatorVendor.AliyunIqs);
        Assert.Equal(2, log.Count);
        Assert.True(log[0].BodyBytes < large.Length, $"the emulator received {log[0].BodyBytes} bytes of a {large.Length}-byte image's Base64 body");

        // Kestrel reports a body cut short as an aborted request or as "unexpected end of request content": both are aborts.
        Assert.Equal("aborted", log[0].Outcome);
        Assert.False(log[0].Charged);
        Assert.Equal(200, log[1].StatusCode);
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.AliyunIqs));
    }

    [Fact]
    public async Task Cancelling_a_call_the_vendor_is_hanging_on_throws_promptly_and_the_next_call_succeeds_promptly()
    {
        await using var env = await StartAsync();
        env.Emulator.Faults.Add(EmulatorVendor.AliyunIqs, EmulatorFault.Hang());
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(EmulatedHost.Ct);

        var call = env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(1200, 900, seed: 62)), null, cancel.Token);
        await EmulatedHost.WaitUntilAsync(() => env.Emulator.Faults.Pending(EmulatorVendor.AliyunIqs) == 0);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(watch.Elapsed < Prompt, $"the cancelled call took {watch.ElapsedMilliseconds} ms to end");

        watch.Restart();
        var next = await env.AliyunIqs.ScanFileAsync(ImageInput.FromBytes(TestImages.Png(seed: 63)), null, EmulatedHost.Ct);
        Assert.True(watch.Elapsed < Prompt, $"the next call took {watch.ElapsedMilliseconds} ms");
        Assert.Single(next.Pages);

        // The emulator saw the client give up on the hanging request: its connection was closed, not left open.
        var log = await env.CompletedLogAsync(EmulatorVendor.AliyunIqs);
        Assert.Equal(("hang", "aborted"), (log[0].InjectedFault, log[0].Outcome));
        Assert.Equal(200, log[1].StatusCode);
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.AliyunIqs));
    }
}
