using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// Ratios that hold on a shared VM: reads BenchmarkDotNet's full JSON reports and compares cases launch by launch.
/// On a small VM a loopback call runs at one of two steady speeds for minutes at a time, so a case measured
/// after another can draw the other speed, and a mean over launches mostly says which speed each case drew. Run
/// BenchmarkDotNet several times in turn with one launch per case (a round: every case measured within a minute or
/// two of the others) and give all the reports: <c>launches run*/results/*-report-full.json [Baseline...]</c>.
/// Each case is compared with the <c>Baseline = true</c> case of its category (or with a case named on the command
/// line, for that class) round by round: the ratio of their launch medians in the same report, then the median and
/// quartiles of those ratios over the rounds.
/// </summary>
internal static class LaunchReport
{
    public static int Run(string[] args)
    {
        var reports = args.Skip(1).Where(a => a.EndsWith(".json", StringComparison.Ordinal)).ToList();
        var chosen = new HashSet<string>(args.Skip(1).Where(a => !a.EndsWith(".json", StringComparison.Ordinal)), StringComparer.Ordinal);
        if (reports.Count == 0)
        {
            Console.Error.WriteLine("usage: launches <report-full.json>... [baseline case...]");
            return 2;
        }

        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        for (int r = 0; r < reports.Count; r++)
        {
            string path = reports[r];
            using var report = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var benchmark in report.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                string type = benchmark.GetProperty("Type").GetString()!;
                string method = benchmark.GetProperty("Method").GetString()!;
                var launches = benchmark.GetProperty("Measurements").EnumerateArray()
                    .Where(m => m.GetProperty("IterationMode").GetString() == "Workload" && m.GetProperty("IterationStage").GetString() == "Actual")
                    .GroupBy(m => m.GetProperty("LaunchIndex").GetInt32())
                    .Select(g => (Run: (r, g.Key), Median: Median(g.Select(m => m.GetProperty("Nanoseconds").GetDouble() / m.GetProperty("Operations").GetInt64()).ToList())));
                var info = typeof(LaunchReport).Assembly.GetType("DocScan.Sdk.Benchmarks." + type)?.GetMethod(method);
                string group = type + "/" + (info?.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.FirstOrDefault() ?? string.Empty);
                bool baseline = chosen.Contains(method) || (info?.GetCustomAttribute<BenchmarkAttribute>()?.Baseline == true && !chosen.Overlaps(MethodsOf(type)));
                if (!cases.TryGetValue(type + "." + method, out var known))
                {
                    cases.Add(type + "." + method, known = new Case(group, method, new Dictionary<(int, int), double>(), baseline));
                }

                foreach (var (run, median) in launches)
                {
                    known.Launches[run] = median;
                }
            }
        }

        foreach (var group in cases.Values.GroupBy(c => c.Group))
        {
            var baseline = group.FirstOrDefault(c => c.Baseline);
            Console.WriteLine(group.Key.TrimEnd('/') + (baseline is null ? string.Empty : " (ratio to " + baseline.Method + ")"));
            foreach (var c in group)
            {
                var ratios = baseline is null ? new List<double>() : c.Launches.Where(l => baseline.Launches.ContainsKey(l.Key)).Select(l => l.Value / baseline.Launches[l.Key]).OrderBy(x => x).ToList();
                string ratio = ratios.Count == 0 ? string.Empty
                    : string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):0.00}x (quartiles {Quantile(ratios, 0.25):0.00}-{Quantile(ratios, 0.75):0.00}x, {ratios.Count} rounds); ");
                string launches = string.Join(" ", c.Launches.Values.OrderBy(t => t).Select(Format));
                Console.WriteLine($"  {c.Method,-30} {ratio}median {Format(c.Median)}; {c.Launches.Count} launches: {launches}");
            }
        }

        return 0;
    }

    private static IEnumerable<string> MethodsOf(string type)
        => typeof(LaunchReport).Assembly.GetType("DocScan.Sdk.Benchmarks." + type)?.GetMethods().Select(m => m.Name) ?? Enumerable.Empty<string>();

    private static string Format(double nanoseconds)
        => nanoseconds >= 1_000_000 ? (nanoseconds / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
            : (nanoseconds / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " us";

    /// <summary>The <paramref name="q"/> quantile of <paramref name="sorted"/> (ascending), interpolated between neighbours.</summary>
    internal static double Quantile(List<double> sorted, double q)
    {
        double at = q * (sorted.Count - 1);
        int below = (int)Math.Floor(at);
        return below + 1 < sorted.Count ? sorted[below] + ((at - below) * (sorted[below + 1] - sorted[below])) : sorted[below];
    }

    /// <summary>The median of <paramref name="values"/> (sorted in place); NaN when empty.</summary>
    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>A case's launch medians, by report and launch index.</summary>
    private sealed record Case(string Group, string Method, Dictionary<(int Report, int Launch), double> Launches, bool Baseline)
    {
        public double Median => LaunchReport.Median(Launches.Values.ToList());
    }
}
