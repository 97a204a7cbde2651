using System;
using System.Collections.Generic;
using System.Linq;

using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Emulator;

/// <summary>One request as the emulator saw it. Entries appear when a request arrives and are completed when it is answered.</summary>
public sealed record EmulatorRequest
{
    /// <summary>Arrival order across all vendors, starting at 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>The vendor whose port the request arrived on.</summary>
    public required EmulatorVendor Vendor { get; init; }

    /// <summary>When the request's headers arrived, on the emulator's <see cref="EmulatorOptions.TimeProvider"/>.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Path without the query, e.g. <c>/api/pic/scan</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Query string including the leading <c>?</c>, or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Every request header with all its values as sent (so a repeated header shows up as two values). Keys are case-insensitive.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; }

    /// <summary>Request body bytes received (counted while read; the emulator drains what a handler left unread).</summary>
    public long BodyBytes { get; init; }

    /// <summary>Whether the answer has been sent (or the connection reset). <see langword="false"/> while a request is still being handled or hangs.</summary>
    public bool Completed { get; init; }

    /// <summary>HTTP status answered (0 while not completed or when the connection was reset).</summary>
    public int StatusCode { get; init; }

    /// <summary>
    /// What happened: <c>ok</c>, <c>cached</c>, <c>accepted</c> (asynchronous work queued), <c>unauthorized</c>, <c>invalid</c>,
    /// <c>throttled</c>, <c>quota</c>, <c>not-found</c>, <c>fault</c>, <c>fault-hang</c>, <c>fault-reset</c>, <c>aborted</c> (the client gave up).
    /// </summary>
    public string Outcome { get; init; } = "";

    /// <summary>The vendor's own status in the reply (ClipImg/processimage/e签宝 code, Aliyun error code, gateway message), if any.</summary>
    public string? VendorCode { get; init; }

    /// <summary>Whether the call was charged (points, usage counts, tokens or queries).</summary>
    public bool Charged { get; init; }

    /// <summary>The injected fault that hit this request: <c>status</c> (answered by the fault), <c>hang</c> (delayed) or <c>reset</c>; <see langword="null"/> when none.</summary>
    public string? InjectedFault { get; init; }

    /// <summary>Time from arrival to completion on the emulator's clock.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The first value of a header, or <see langword="null"/>.</summary>
    /// <param name="name">Header name (case-insensitive).</param>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}

/// <summary>The emulator's request log: every vendor request in arrival order. Thread-safe; reads return snapshots.</summary>
public sealed class EmulatorRequestLog
{
    private readonly object _gate = new();
    private readonly List<EmulatorRequest> _entries = [];
    private long _sequence;

    /// <summary>Number of requests logged so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>All requests in arrival order.</summary>
    public IReadOnlyList<EmulatorRequest> All()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    /// <summary>The requests of one vendor in arrival order.</summary>
    /// <param name="vendor">The vendor.</param>
    public IReadOnlyList<EmulatorRequest> Of(EmulatorVendor vendor)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => e.Vendor == vendor)];
        }
    }

    /// <summary>
    /// All requests in arrival order, once at least <paramref name="count"/> have arrived and every one is
    /// <see cref="EmulatorRequest.Completed"/>. An entry is completed just after its answer is sent, so a client
    /// can hold a response a moment before the log shows it: read the log through this after a call.
    /// </summary>
    /// <param name="count">How many requests to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">They were not all there and completed within 10 seconds.</exception>
    public async Task<IReadOnlyList<EmulatorRequest>> CompletedAsync(int count, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var all = All();
            if (all.Count >= count && all.All(e => e.Completed))
            {
                return all;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The emulator logged {all.Count} request(s), {all.Count(e => e.Completed)} completed; expected {count} completed.");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Forgets every logged request (sequence numbers keep counting).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal EmulatorRequest Add(Func<long, EmulatorRequest> create)
    {
        lock (_gate)
        {
            var entry = create(++_sequence);
            _entries.Add(entry);
            return entry;
        }
    }

    internal void Replace(EmulatorRequest completed)
    {
        lock (_gate)
        {
            int index = _entries.FindLastIndex(e => e.Sequence == completed.Sequence);
            if (index >= 0)
            {
                _entries[index] = completed;
            }
        }
    }
}
