using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Redis.Tests;

/// <summary>Runs the worker app as separate processes and collects what each printed.</summary>
internal static class Workers
{
    public sealed record Result(int ExitCode, string Output)
    {
        public int Outcome(string name)
            => Output.Split('\n').Select(l => l.Trim().Split(' ')).Where(p => p.Length == 3 && p[0] == "outcome" && p[1] == name).Select(p => int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)).Sum();
    }

    public static string Path
    {
        get
        {
            // tests/DocScan.Sdk.Redis.Tests/bin/<Configuration>/net10.0/ → tests/DocScan.Sdk.Redis.Worker/bin/<Configuration>/net10.0/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
            string framework = here.Name, configuration = here.Parent!.Name;
            var tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = System.IO.Path.Combine(tests, "DocScan.Sdk.Redis.Worker", "bin", configuration, framework, "DocScan.Sdk.Redis.Worker.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException("The worker is not built: " + path);
        }
    }

    /// <summary>A common start for workers launched now (Unix ms): late enough for the slowest process start-up.</summary>
    public static string StartAt() => (DateTimeOffset.UtcNow + TimeSpan.FromSeconds(8)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts <paramref name="count"/> workers at once and waits for all of them (at most <paramref name="limit"/>).</summary>
    public static async Task<IReadOnlyList<Result>> RunAsync(int count, string mode, IReadOnlyDictionary<string, string> settings, TimeSpan limit)
    {
        var runs = Enumerable.Range(0, count).Select(_ => RunOneAsync(mode, settings, limit)).ToList();
        return await Task.WhenAll(runs);
    }

    private static async Task<Result> RunOneAsync(string mode, IReadOnlyDictionary<string, string> settings, TimeSpan limit)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path);
        info.ArgumentList.Add(mode);
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add(key + "=" + value);
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine("stderr: " + e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"a worker did not finish within {limit}: {output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }
}

/// <summary>Counts of arrivals in sliding windows, over server-stamped arrival times.</summary>
internal static class Windows
{
    /// <summary>The most arrivals in any window of <paramref name="window"/> (half-open: [t, t + window)).</summary>
    public static int MaxIn(IReadOnlyList<DateTimeOffset> arrivals, TimeSpan window)
    {
        var sorted = arrivals.OrderBy(t => t).ToArray();
        int max = 0;
        for (int i = 0, j = 0; i < sorted.Length; i++)
        {
            while (sorted[i] - sorted[j] >= window)
            {
                j++;
            }

            max = Math.Max(max, i - j + 1);
        }

        return max;
    }
}
