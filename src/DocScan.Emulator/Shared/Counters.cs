using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace DocScan.Emulator;

/// <summary>Counters a test can read: token fetches, charged calls, throttled calls, callback deliveries.</summary>
public sealed class EmulatorCounters
{
    private readonly ConcurrentDictionary<EmulatorVendor, int> _charged = new();
    private readonly ConcurrentDictionary<EmulatorVendor, int> _throttled = new();
    private int _processImageTokenFetches;
    private int _esignTokenFetches;
    private int _esignTokenRefreshes;
    private int _callbacksDelivered;

    /// <summary>Successful fetches from the emulator's processimage.cn token endpoint.</summary>
    public int ProcessImageTokenFetches => Volatile.Read(ref _processImageTokenFetches);

    /// <summary>Successful e签宝 <c>GET /v1/oauth2/access_token</c> calls.</summary>
    public int EsignTokenFetches => Volatile.Read(ref _esignTokenFetches);

    /// <summary>Successful e签宝 <c>GET /v1/oauth2/refresh_token</c> calls.</summary>
    public int EsignTokenRefreshes => Volatile.Read(ref _esignTokenRefreshes);

    /// <summary>processimage.cn asynchronous results delivered to a callback URL (answered 200).</summary>
    public int CallbacksDelivered => Volatile.Read(ref _callbacksDelivered);

    /// <summary>Calls of a vendor that were charged (ClipImg first downloads, processimage.cn processed images, Qingyang/Aliyun/e签宝 recognitions).</summary>
    /// <param name="vendor">The vendor.</param>
    public int Charged(EmulatorVendor vendor) => _charged.GetValueOrDefault(vendor);

    /// <summary>Calls of a vendor refused by its rate limit (not counting injected faults).</summary>
    /// <param name="vendor">The vendor.</param>
    public int Throttled(EmulatorVendor vendor) => _throttled.GetValueOrDefault(vendor);

    internal void AddCharged(EmulatorVendor vendor) => _charged.AddOrUpdate(vendor, 1, static (_, n) => n + 1);

    internal void AddThrottled(EmulatorVendor vendor) => _throttled.AddOrUpdate(vendor, 1, static (_, n) => n + 1);

    internal void AddProcessImageTokenFetch() => Interlocked.Increment(ref _processImageTokenFetches);

    internal void AddEsignTokenFetch() => Interlocked.Increment(ref _esignTokenFetches);

    internal void AddEsignTokenRefresh() => Interlocked.Increment(ref _esignTokenRefreshes);

    internal void AddCallbackDelivered() => Interlocked.Increment(ref _callbacksDelivered);
}
