using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Emulator.Shared;

/// <summary>Everything the vendors share: options, clock, log, counters, faults, base addresses, background work.</summary>
internal sealed class EmulatorState : IDisposable
{
    private readonly Dictionary<EmulatorVendor, Uri> _baseAddresses = [];
    private readonly List<Task> _background = [];
    private readonly object _gate = new();

    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
    }

    public EmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public EmulatorRequestLog Log { get; } = new();

    public EmulatorCounters Counters { get; } = new();

    public EmulatorFaults Faults { get; } = new();

    public Dictionary<EmulatorVendor, VendorApi> Vendors { get; } = [];

    /// <summary>Cancelled when the emulator stops (ends hangs and callbacks).</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>For processimage.cn callbacks. Loopback only in practice; no proxy.</summary>
    public HttpClient CallbackClient { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseAddress(EmulatorVendor vendor)
    {
        lock (_gate)
        {
            return _baseAddresses.TryGetValue(vendor, out var uri) ? uri : throw new InvalidOperationException("The emulator has not started.");
        }
    }

    public void SetBaseAddress(EmulatorVendor vendor, Uri address)
    {
        lock (_gate)
        {
            _baseAddresses[vendor] = address;
        }
    }

    /// <summary>Runs work after the reply (asynchronous callbacks); awaited when the emulator stops.</summary>
    public void RunInBackground(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(() => work(Stopping.Token));
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    public async Task DrainBackgroundAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _background];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or HttpRequestException)
        {
            // Shutting down: callbacks still in flight are abandoned.
        }
    }

    public void Dispose()
    {
        Stopping.Dispose();
        CallbackClient.Dispose();
    }
}
