using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// Where a small call's allocations go: runs one <see cref="SmallCallBenchmarks"/> case many times under an
/// <see cref="EventListener"/> on the runtime's GC allocation ticks (one sample per ~100 KB allocated, with the type
/// that crossed the line) and prints the bytes per call and the types that account for them.
/// <c>dotnet run -c Release --project benchmarks/DocScan.Sdk.Benchmarks -- alloc SdkCrop [calls]</c>
/// </summary>
internal static class AllocationTrace
{
    public static async Task<int> RunAsync(string[] args)
    {
        string name = args.Length > 1 ? args[1] : nameof(SmallCallBenchmarks.SdkCrop);
        int calls = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        using var cases = new Cases();
        var call = cases.Get(name);
        for (int i = 0; i < 2_000; i++)
        {
            await call();
        }

        using var listener = new AllocationListener();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < calls; i++)
        {
            await call();
        }

        long total = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"{name}: {calls} calls, {total / (double)calls:0} bytes allocated per call (all threads, server included)");
        long sampled = listener.Samples.Values.Sum();
        foreach (var (type, bytes) in listener.Samples.OrderByDescending(p => p.Value).Take(int.Parse(Environment.GetEnvironmentVariable("ALLOC_TOP") ?? "40", System.Globalization.CultureInfo.InvariantCulture)))
        {
            Console.WriteLine($"{bytes * (double)total / sampled / calls,8:0} B/call  {type}");
        }

        return 0;
    }

    /// <summary>
    /// A quick look at time per call, between two cases in one process, alternating rounds so drift hits both, and
    /// comparing each round with its neighbour: <c>latency SdkCrop HandWrittenCrop [calls per round] [rounds]</c>
    /// (<c>Upload.Sdk Upload.Floor</c> for the upload).
    /// For figures to quote, use BenchmarkDotNet.
    /// </summary>
    public static async Task<int> LatencyAsync(string[] args)
    {
        string[] names = { args.Length > 1 ? args[1] : nameof(SmallCallBenchmarks.SdkCrop), args.Length > 2 ? args[2] : nameof(SmallCallBenchmarks.HandWrittenCrop) };
        int calls = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5_000;
        using var known = new Cases();
        var cases = names.Select(known.Get).ToArray();
        int rounds = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 15;
        var times = new double[cases.Length][];
        var ratios = new double[cases.Length][];
        for (int c = 0; c < cases.Length; c++)
        {
            times[c] = new double[rounds];
            ratios[c] = new double[rounds];
        }

        for (int i = 0; i < calls / 4; i++)
        {
            foreach (var warm in cases)
            {
                await warm();
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            // Alternate the order too, so neither case always runs right after the other.
            for (int k = 0; k < cases.Length; k++)
            {
                int c = round % 2 == 0 ? k : cases.Length - 1 - k;
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (int i = 0; i < calls; i++)
                {
                    await cases[c]();
                }

                times[c][round] = watch.Elapsed.TotalMilliseconds * 1000 / calls;
            }

            for (int c = 0; c < cases.Length; c++)
            {
                ratios[c][round] = times[c][round] / times[^1][round];
            }
        }

        for (int c = 0; c < cases.Length; c++)
        {
            var sorted = ratios[c].OrderBy(r => r).ToList();
            Console.WriteLine($"{names[c]}: median {LaunchReport.Median(times[c].ToList()):0.0} us per call; ratio to {names[^1]} in the same round: median {LaunchReport.Median(sorted):0.00}x, quartiles {LaunchReport.Quantile(sorted, 0.25):0.00}x-{LaunchReport.Quantile(sorted, 0.75):0.00}x ({rounds} rounds)");
        }

        return 0;
    }

    /// <summary>
    /// Runs one case <c>calls</c> times after a warm-up, for an instruction counter (valgrind's callgrind) to compare
    /// two runs with different counts: <c>count SdkCrop 2000</c>.
    /// </summary>
    public static async Task<int> CountAsync(string[] args)
    {
        string name = args[1];
        int calls = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        using var cases = new Cases();
        var call = cases.Get(name);
        for (int i = 0; i < 300; i++)
        {
            await call();
        }

        // Thread-pool work items per call: each is a hop from one thread to another, which a sequential call waits for.
        long items = ThreadPool.CompletedWorkItemCount;
        for (int i = 0; i < calls; i++)
        {
            await call();
        }

        Console.WriteLine($"{name}: {calls} calls, {(double)(ThreadPool.CompletedWorkItemCount - items) / calls:0.00} thread-pool work items per call");

        return 0;
    }

    /// <summary>
    /// Benchmark cases by name, each on an instance set up as BenchmarkDotNet sets it up for that case (the telemetry
    /// cases with their listeners, which are process-wide); <c>Upload.Sdk</c> names a case of
    /// <see cref="UploadBenchmarks"/>, any other name one of <see cref="SmallCallBenchmarks"/>. Instances are made
    /// only when a case needs them, and cleaned up on dispose.
    /// </summary>
    private sealed class Cases : IDisposable
    {
        private readonly Dictionary<string, (object Instance, Action Cleanup)> _instances = new(StringComparer.Ordinal);

        public Func<Task> Get(string name)
        {
            bool upload = name.StartsWith("Upload.", StringComparison.Ordinal);
            string method = upload ? name.Substring("Upload.".Length) : name;
            string setup = upload ? nameof(UploadBenchmarks.Setup)
                : name.Contains("TelemetryDebug", StringComparison.Ordinal) ? nameof(SmallCallBenchmarks.SetupTelemetryDebug)
                : name.Contains("Telemetry", StringComparison.Ordinal) ? nameof(SmallCallBenchmarks.SetupTelemetry)
                : nameof(SmallCallBenchmarks.Setup);
            string key = (upload ? "Upload." : string.Empty) + setup;
            if (!_instances.TryGetValue(key, out var entry))
            {
                if (upload)
                {
                    var bench = new UploadBenchmarks();
                    bench.Setup();
                    entry = (bench, bench.Cleanup);
                }
                else
                {
                    var bench = new SmallCallBenchmarks();
                    typeof(SmallCallBenchmarks).GetMethod(setup)!.Invoke(bench, null);
                    entry = (bench, bench.Cleanup);
                }

                _instances.Add(key, entry);
            }

            var info = entry.Instance.GetType().GetMethod(method) ?? throw new ArgumentException("no benchmark " + name);
            return (Func<Task>)Delegate.CreateDelegate(typeof(Func<Task>), entry.Instance, info);
        }

        public void Dispose()
        {
            foreach (var (_, cleanup) in _instances.Values)
            {
                cleanup();
            }
        }
    }

    private sealed class AllocationListener : EventListener
    {
        public ConcurrentDictionary<string, long> Samples { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not { } n || !n.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
            {
                return;
            }

            int typeIndex = e.PayloadNames!.IndexOf("TypeName");
            int sizeIndex = e.PayloadNames.IndexOf("AllocationAmount64");
            string type = typeIndex >= 0 ? e.Payload[typeIndex] as string ?? "?" : "?";
            long size = sizeIndex >= 0 ? Convert.ToInt64(e.Payload[sizeIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            Samples.AddOrUpdate(type, size, (_, v) => v + size);
        }
    }
}
