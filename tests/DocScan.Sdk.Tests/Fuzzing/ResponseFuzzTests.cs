using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Tests.Fuzzing;

/// <summary>
/// The SDK's two promises under hostile answers: every failure is a <see cref="DocScanException"/>, and no call
/// outlives TotalTimeout. Each row mutates one operation's valid answers a few hundred times (docs/fuzzing.md).
/// </summary>
public class ResponseFuzzTests
{
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
                foreach (var failure in await FuzzRunner.RunOneAsync(target, settings, index))
                {
                    failures.Add(failure);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        if (!failures.IsEmpty)
        {
            Assert.Fail(FuzzRunner.Summarize(target, failures, settings, runs));
        }
    }
}
