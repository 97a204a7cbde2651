using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;

namespace DocScan.Sdk.Tests.Fuzzing;

/// <summary>The fuzzer's knobs, read from the environment (see docs/fuzzing.md).</summary>
internal sealed record FuzzSettings(int Iterations, int BaseSeed, int Concurrency, TimeSpan Slack, string? ReplayOperation, int ReplayIndex, IReadOnlyCollection<string>? Rows)
{
    public const int DefaultIterations = 300;
    public const int DefaultSeed = 20261204;

    /// <summary>
    /// What a call may take beyond <see cref="FuzzTargets.TotalTimeout"/>: scheduling on a loaded 2-core machine,
    /// client construction, the last attempt's cleanup. A call over TotalTimeout + Slack is a failure.
    /// </summary>
    public static readonly TimeSpan DefaultSlack = TimeSpan.FromSeconds(1.5);

    /// <summary>How much longer than the limit the fuzzer waits before it calls a call hung and abandons it.</summary>
    public static readonly TimeSpan HangGrace = TimeSpan.FromSeconds(2);

    public bool Replaying => ReplayOperation is not null;

    /// <summary>The mutation indices to run for <paramref name="operation"/>: all, the replayed one, or none.</summary>
    public IEnumerable<int> IndicesFor(string operation)
    {
        if (Replaying)
        {
            return ReplayOperation == operation ? new[] { ReplayIndex } : Array.Empty<int>();
        }

        return Rows is null || Rows.Contains(operation) ? Enumerable.Range(0, Iterations) : Array.Empty<int>();
    }

    public static FuzzSettings FromEnvironment()
    {
        int iterations = Int("DOCSCAN_FUZZ_ITERATIONS", DefaultIterations);
        int seed = Int("DOCSCAN_FUZZ_SEED", DefaultSeed);
        int concurrency = Math.Max(1, Int("DOCSCAN_FUZZ_CONCURRENCY", 16));
        string? replay = Environment.GetEnvironmentVariable("DOCSCAN_FUZZ_REPLAY");
        string? operation = null;
        int index = 0;
        if (!string.IsNullOrWhiteSpace(replay))
        {
            int hash = replay.LastIndexOf('#');
            if (hash <= 0 || !int.TryParse(replay.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                throw new InvalidOperationException("DOCSCAN_FUZZ_REPLAY must look like 'ClipImg.Scan#17' (operation#mutation index).");
            }

            operation = replay.Substring(0, hash).Trim();
        }

        string? rows = Environment.GetEnvironmentVariable("DOCSCAN_FUZZ_ROWS");
        var only = string.IsNullOrWhiteSpace(rows) ? null : rows.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new FuzzSettings(iterations, seed, concurrency, DefaultSlack, operation, index, only);
    }

    /// <summary>The seed of one mutation: a stable mix of the base seed, the operation's name and the mutation index.</summary>
    public int SeedOf(string operation, int index)
    {
        // FNV-1a: string.GetHashCode differs between processes, which would break replays.
        uint h = 2166136261;
        foreach (char c in operation)
        {
            h = (h ^ c) * 16777619;
        }

        ulong x = ((ulong)h << 32) ^ (uint)BaseSeed ^ ((ulong)(uint)index * 0x9E3779B97F4A7C15UL);
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        return (int)(x & 0x7FFFFFFF);
    }

    /// <summary>The one command that runs <paramref name="operation"/>'s mutation <paramref name="index"/> alone, with full details.</summary>
    public string ReplayCommand(string operation, int index)
    {
        string seed = BaseSeed == DefaultSeed ? string.Empty : "DOCSCAN_FUZZ_SEED=" + BaseSeed.ToString(CultureInfo.InvariantCulture) + " ";
        return seed + "DOCSCAN_FUZZ_REPLAY='" + operation + "#" + index.ToString(CultureInfo.InvariantCulture)
            + "' dotnet test --project tests/DocScan.Sdk.Tests -c Release -- --filter-class '*ResponseFuzzTests'";
    }

    private static int Int(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}

/// <summary>One broken promise: what was sent, what came back, and how to see it again.</summary>
internal sealed record FuzzFailure(string Operation, int Index, int Seed, string Mutation, string Problem, string ExceptionType, string Message, string? Where, string Details)
{
    /// <summary>Failures with the same problem, exception type and throwing method are one defect.</summary>
    /// <summary>A failure of the time bound (rather than of the exception type or a leak).</summary>
    public bool IsTiming => Problem.StartsWith("outlived", StringComparison.Ordinal) || Problem.StartsWith("never ended", StringComparison.Ordinal);

    public string GroupKey => Regex.Replace(Problem, @"\[\d+\]", "[]") + " | " + ExceptionType + (Where is null ? string.Empty : " | " + Where);
}

/// <summary>Runs one mutation of one operation and checks the SDK's promises.</summary>
internal static class FuzzRunner
{
    public static async Task<List<FuzzFailure>> RunOneAsync(FuzzTarget target, FuzzSettings settings, int index)
    {
        int seed = settings.SeedOf(target.Name, index);
        var rng = new Random(seed);
        var route = target.Routes.First(r => r.Fuzzed);
        int baseIndex = rng.Next(2) == 0 ? 0 : rng.Next(route.Answers.Length); // half the time the success answer
        var valid = route.Answers[baseIndex];
        var mutated = FuzzMutator.Mutate(valid, rng, target.Offline);
        bool firstOnly = !target.Offline && rng.Next(4) == 0; // sometimes the next attempt is answered well
        string mutation = (target.Offline ? string.Empty : route.Path + ": ")
            + "answer " + baseIndex.ToString(CultureInfo.InvariantCulture) + " (HTTP " + ((int)valid.Status).ToString(CultureInfo.InvariantCulture) + "), "
            + mutated.Description + (firstOnly ? ", first attempt only" : string.Empty);

        var failures = new List<FuzzFailure>();
        var (factory, logs) = TestSupport.CapturingLogs();
        using var serverGone = new CancellationTokenSource();
        var transport = new FuzzTransport(target.Routes, mutated, firstOnly, serverGone.Token);
        TimeSpan limit = FuzzTargets.TotalTimeout + settings.Slack;
        var clock = Stopwatch.StartNew();
        var call = Task.Run(() => target.Invoke(new FuzzCall(transport, factory, mutated)));
        var first = await Task.WhenAny(call, Task.Delay(limit + FuzzSettings.HangGrace)).ConfigureAwait(false);
        var elapsed = clock.Elapsed;

        void Fail(string problem, Exception? e, string? extra = null)
        {
            string details = "mutation: " + mutation + "\nbody sent (first 400 bytes): " + Preview(mutated.Body)
                + "\nrequests that reached the server: " + transport.Requests.ToString(CultureInfo.InvariantCulture)
                + (extra is null ? string.Empty : "\n" + extra)
                + (e is null ? string.Empty : "\nexception: " + e);
            failures.Add(new FuzzFailure(target.Name, index, seed, mutation, problem, e?.GetType().FullName ?? "-", FirstLine(e?.Message), Where(e), details));
        }

        if (first != call)
        {
            serverGone.Cancel(); // the server hangs up, so the abandoned call can end and free its resources
            Fail(
                "never ended (abandoned " + (limit + FuzzSettings.HangGrace).TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + " s after the start; TotalTimeout "
                + FuzzTargets.TotalTimeout.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + " s)",
                null,
                "still running after " + elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms");
            _ = call.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe its eventual fault
            factory.Dispose();
            return failures;
        }

        Exception? error = null;
        object? result = null;
        try
        {
            result = await call.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }

        if (elapsed > limit)
        {
            Fail("outlived TotalTimeout + slack (" + limit.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + " s)", error, "took " + elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms");
        }

        // The fuzzer passes valid arguments and never cancels: anything but a DocScanException is a broken promise.
        if (error is not null and not DocScanException)
        {
            Fail("escaped as " + error.GetType().Name, error);
        }

        if (result is not null && ResultWalker.Walk(result) is { } bad)
        {
            Fail("reading the result threw (" + bad.Path + ")", bad.Error);
        }

        foreach (string secret in target.Secrets)
        {
            if (error is not null && error.ToString().Contains(secret, StringComparison.Ordinal))
            {
                Fail("secret in the exception", error, "secret: " + Hint(secret));
            }

            foreach (var record in logs.GetSnapshot())
            {
                string line = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? Array.Empty<string>());
                if (line.Contains(secret, StringComparison.Ordinal))
                {
                    Fail("secret in a log line", error, "secret: " + Hint(secret) + "\nlog: " + record.Level + " " + record.Message);
                    break;
                }
            }
        }

        factory.Dispose();
        return failures;
    }

    /// <summary>Enough of a secret to tell which one leaked, not enough to leak it again.</summary>
    private static string Hint(string secret) => secret.Substring(0, Math.Min(4, secret.Length / 2)) + "...";

    private static string FirstLine(string? message)
    {
        if (message is null)
        {
            return "-";
        }

        int nl = message.IndexOfAny(new[] { '\r', '\n' });
        string line = nl < 0 ? message : message.Substring(0, nl);
        return line.Length <= 200 ? line : line.Substring(0, 197) + "...";
    }

    /// <summary>The innermost frame of the exception's stack that is in the SDK (or the first frame), to tell defects apart.</summary>
    private static string? Where(Exception? e)
    {
        if (e?.StackTrace is not { } stack)
        {
            return null;
        }

        var frames = stack.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).ToList();
        string? frame = frames.FirstOrDefault(l => l.Contains("DocScan.Sdk.", StringComparison.Ordinal) && !l.Contains("DocScan.Sdk.Tests.", StringComparison.Ordinal)) ?? frames.FirstOrDefault();
        if (frame is null)
        {
            return null;
        }

        int paren = frame.IndexOf('(', StringComparison.Ordinal);
        int inFile = frame.IndexOf(" in ", StringComparison.Ordinal);
        return paren > 0 ? frame.Substring(3, paren - 3) : inFile > 0 ? frame.Substring(3, inFile - 3) : frame.Substring(3);
    }

    private static string Preview(byte[] body)
    {
        var text = new StringBuilder();
        foreach (byte b in body.Take(400))
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : "\\x" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        if (body.Length > 400)
        {
            text.Append("... (" + body.Length.ToString(CultureInfo.InvariantCulture) + " bytes)");
        }

        return text.ToString();
    }

    /// <summary>Writes the report of one operation's run: failures grouped by defect, each with a replay command.</summary>
    public static string Summarize(FuzzTarget target, IReadOnlyCollection<FuzzFailure> failures, FuzzSettings settings, int runs)
    {
        var text = new StringBuilder();
        int cases = failures.Select(f => f.Index).Distinct().Count();
        text.Append(CultureInfo.InvariantCulture, $"{target.Name}: {cases} of {runs} mutations broke a promise (base seed {settings.BaseSeed}), {failures.GroupBy(f => f.GroupKey).Count()} distinct.\n");
        foreach (var group in failures.GroupBy(f => f.GroupKey).OrderByDescending(g => g.Count()))
        {
            var sample = group.OrderBy(f => f.Index).First();
            text.Append(CultureInfo.InvariantCulture, $"\n- {sample.Problem}: {sample.ExceptionType}: {sample.Message}\n");
            if (sample.Where is not null)
            {
                text.Append("    at ").Append(sample.Where).Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"    {group.Select(f => f.Index).Distinct().Count()} case(s), e.g. #{sample.Index} (seed {sample.Seed}): {sample.Mutation}\n");
            var others = group.Select(f => f.Index).Where(i => i != sample.Index).Distinct().OrderBy(i => i).ToList();
            if (others.Count > 0)
            {
                text.Append("    others: ").Append(string.Join(", ", others.Take(8).Select(i => "#" + i.ToString(CultureInfo.InvariantCulture)))).Append(others.Count > 8 ? ", ..." : string.Empty).Append('\n');
            }

            text.Append("    replay: ").Append(settings.ReplayCommand(sample.Operation, sample.Index)).Append('\n');
            if (settings.Replaying)
            {
                text.Append(sample.Details.Replace("\n", "\n    ", StringComparison.Ordinal).Insert(0, "    ")).Append('\n');
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// Reads every public property of a result (and the <c>As…</c> views), as a user would, to find getters that throw
/// on what the server sent. Only <see cref="DocScanException"/> may come out of them.
/// </summary>
internal static class ResultWalker
{
    public static (string Path, Exception Error)? Walk(object result)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        return Visit(result, result.GetType().Name, 0, seen);
    }

    private static (string Path, Exception Error)? Visit(object? value, string path, int depth, HashSet<object> seen)
    {
        if (value is null || depth > 6 || value is Stream or JsonElement or JsonDocument or Type or Delegate)
        {
            return null;
        }

        var type = value.GetType();
        if (Guard(path + ".ToString()", () => value.ToString()) is { } broken)
        {
            return broken;
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal or DateTime or DateTimeOffset or TimeSpan or Uri or Guid)
        {
            return null;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return null;
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            var enumerator = items.GetEnumerator();
            while (true)
            {
                object? item = null;
                bool more = false;
                if (Guard(path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", () => { more = enumerator.MoveNext(); item = more ? enumerator.Current : null; return null; }) is { } failed)
                {
                    return failed;
                }

                if (!more || i >= 50)
                {
                    break;
                }

                if (Visit(item, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1, seen) is { } inner)
                {
                    return inner;
                }

                i++;
            }
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead || property.PropertyType.IsByRefLike || property.PropertyType.IsPointer)
            {
                continue;
            }

            object? child = null;
            if (Guard(path + "." + property.Name, () => child = property.GetValue(value)) is { } failed)
            {
                return failed;
            }

            if (Visit(child, path + "." + property.Name, depth + 1, seen) is { } inner)
            {
                return inner;
            }
        }

        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (!method.Name.StartsWith("As", StringComparison.Ordinal) || method.GetParameters().Length > 0 || method.ReturnType == typeof(void) || method.IsGenericMethodDefinition)
            {
                continue;
            }

            object? view = null;
            if (Guard(path + "." + method.Name + "()", () => view = method.Invoke(value, null)) is { } failed)
            {
                return failed;
            }

            if (Visit(view, path + "." + method.Name + "()", depth + 1, seen) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static (string Path, Exception Error)? Guard(string path, Func<object?> read)
    {
        try
        {
            read();
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null and not DocScanException)
        {
            return (path, e.InnerException);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
        catch (DocScanException)
        {
            return null;
        }
        catch (Exception e)
        {
            return (path, e);
        }
    }
}
