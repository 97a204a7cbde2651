using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Tests.Fuzzing;

/// <summary>Runs the fuzzer alone: it loads the machine, and the timing tests elsewhere must not pay for that (nor it for theirs).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzzer";
}

/// <summary>
/// The SDK's two promises under hostile answers: every failure is a <see cref="DocScanException"/>, and no call
/// outlives TotalTimeout. Each row mutates one operation's valid answers a few hundred times (docs/fuzzing.md).
/// </summary>
[Collection(FuzzCollection.Name)]
public class ResponseFuzzTests
{
    /// <summary>At most this many time-bound failures per row are run again, away from the crowd (a real hang costs 3.9 s).</summary>
    private const int MaxConfirmations = 16;

    public static TheoryData<string> Operations => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_mutated_answer_ends_in_a_DocScanException_within_TotalTimeout_and_leaks_no_secret(string operation)
    {
        var target = FuzzTargets.All.Single(t => t.Name == operation);
        var settings = FuzzSettings.FromEnvironment();
        var indices = settings.IndicesFor(operation);
        var failures = new ConcurrentBag<FuzzFailure>();
        using var gate = new SemaphoreSlim(settings.Concurrency);
        int runs = 0;

        // Concurrent: a stalled answer costs a TotalTimeout of wall time, and most calls wait rather than work.
        await Task.WhenAll(indices.Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                Interlocked.Increment(ref runs);
                List<FuzzFailure> found;
                try
                {
                    found = await FuzzRunner.RunOneAsync(target, settings, index);
                }
                catch (Exception e)
                {
                    // A fault of the fuzzer itself is reported with its case, not lost among the others.
                    found = new() { new FuzzFailure(operation, index, settings.SeedOf(operation, index), "-", "fuzzer error", e.GetType().FullName!, e.Message, null, e.ToString()) };
                }

                foreach (var failure in found)
                {
                    failures.Add(failure);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        // A time-bound failure in a crowd of concurrent calls may be the machine, not the SDK: it counts only if the
        // case also fails alone (a hang does; a call that was merely starved of CPU does not).
        var reported = failures.ToList();
        var timing = reported.Where(f => f.IsTiming).Select(f => f.Index).Distinct().OrderBy(i => i).ToList();
        if (!settings.Replaying)
        {
            // Together, but apart from the crowd: a hung call waits without using the CPU, so the reruns do not starve each other.
            var reruns = timing.Take(MaxConfirmations).Select(async index => (Index: index, Alone: await FuzzRunner.RunOneAsync(target, settings, index))).ToList();
            foreach (var (index, alone) in await Task.WhenAll(reruns))
            {
                if (!alone.Any(f => f.IsTiming))
                {
                    reported.RemoveAll(f => f.Index == index && f.IsTiming);
                    TestContext.Current.TestOutputHelper?.WriteLine($"{operation}#{index}: over the time bound among {settings.Concurrency} concurrent calls, within it when run again; not counted.");
                }
            }
        }

        if (reported.Count > 0)
        {
            Assert.Fail(FuzzRunner.Summarize(target, reported, settings, runs));
        }
    }
}
