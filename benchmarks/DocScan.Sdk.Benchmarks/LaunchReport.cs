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
/// Ratios that hold on a shared VM: reads BenchmarkDotNet's full JSON report and compares cases by the median of their
/// launches' medians. On a small VM one process can run a loopback call in one of two steady speeds for its whole
/// life (which one it gets is chance), so the mean over a few launches mostly says which speed each case drew.
/// The speed also drifts with the machine's load over minutes, so a case measured after another can draw a
/// different phase: run BenchmarkDotNet several times with one launch each (every run measures every case, so the
/// phases fall on all cases alike) and give all the reports:
/// <c>launches run*/results/*-report-full.json [Baseline...]</c>. The launches of a case are pooled across the
/// reports; each case is compared with the <c>Baseline = true</c> case of its category (or with a case named on
/// the command line, for that class).
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
        foreach (var path in reports)
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var benchmark in report.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                string type = benchmark.GetProperty("Type").GetString()!;
                string method = benchmark.GetProperty("Method").GetString()!;
                var launches = benchmark.GetProperty("Measurements").EnumerateArray()
                    .Where(m => m.GetProperty("IterationMode").GetString() == "Workload" && m.GetProperty("IterationStage").GetString() == "Actual")
                    .GroupBy(m => m.GetProperty("LaunchIndex").GetInt32())
                    .Select(g => Median(g.Select(m => m.GetProperty("Nanoseconds").GetDouble() / m.GetProperty("Operations").GetInt64()).ToList()));
                var info = typeof(LaunchReport).Assembly.GetType("DocScan.Sdk.Benchmarks." + type)?.GetMethod(method);
                string group = type + "/" + (info?.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.FirstOrDefault() ?? string.Empty);
                bool baseline = chosen.Contains(method) || (info?.GetCustomAttribute<BenchmarkAttribute>()?.Baseline == true && !chosen.Overlaps(MethodsOf(type)));
                if (!cases.TryGetValue(type + "." + method, out var known))
                {
                    cases.Add(type + "." + method, known = new Case(group, method, new List<double>(), baseline));
                }

                known.Launches.AddRange(launches);
            }
        }

        foreach (var group in cases.Values.GroupBy(c => c.Group))
        {
            var baseline = group.FirstOrDefault(c => c.Baseline);
            Console.WriteLine(group.Key.TrimEnd('/') + (baseline is null ? string.Empty : " (ratio to " + baseline.Method + ")"));
            foreach (var c in group)
            {
                string ratio = baseline is null || c.Launches.Count == 0 ? string.Empty : (c.Median / baseline.Median).ToString("0.00", CultureInfo.InvariantCulture) + "x  ";
                string launches = string.Join(" ", c.Launches.OrderBy(t => t).Select(Format));
                Console.WriteLine($"  {c.Method,-42} {ratio}median {Format(c.Median)}; {c.Launches.Count} launches: {launches}");
            }
        }

        return 0;
    }

    private static IEnumerable<string> MethodsOf(string type)
        => typeof(LaunchReport).Assembly.GetType("DocScan.Sdk.Benchmarks." + type)?.GetMethods().Select(m => m.Name) ?? Enumerable.Empty<string>();

    private static string Format(double nanoseconds)
        => nanoseconds >= 1_000_000 ? (nanoseconds / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
            : (nanoseconds / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " us";

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private sealed record Case(string Group, string Method, List<double> Launches, bool Baseline)
    {
        public double Median => LaunchReport.Median(Launches.ToList());
    }
}
