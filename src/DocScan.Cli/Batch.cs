using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk;
using Spectre.Console;

namespace DocScan.Cli;

/// <summary>The work on one input: fill in <paramref name="report"/>, stage outputs in <paramref name="stage"/>.</summary>
internal delegate Task FileWork(InputFile input, OutputStage stage, FileReport report, CancellationToken cancellationToken);

/// <summary>
/// Runs one operation over many inputs with one client: at most <c>--parallel</c> at a time (the client's quota still
/// paces the calls), a progress bar with an ETA on a terminal, and on cancellation no new input started, the ones in
/// flight cancelled and their outputs discarded.
/// </summary>
internal sealed class Batch(Reporter reporter, OutputFolder folder, int parallel, bool emulated)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Whether each input's JSON line is written as it ends (not for layout, whose inputs end together).</summary>
    public bool LinesAsInputsEnd { get; init; } = true;

    /// <summary>Prints the summary (and, when they were held back, the JSON lines).</summary>
    public void Finish(IReadOnlyList<FileReport> reports, bool cancelled)
    {
        if (!LinesAsInputsEnd)
        {
            foreach (var report in reports.Where(r => r.Status != "skipped"))
            {
                reporter.FileDone(report);
            }
        }

        reporter.Summary(reports, _clock.Elapsed, cancelled, emulated);
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="inputs"/>; returns one report per input, in input order (<see cref="Finish"/> prints them).</summary>
    public async Task<IReadOnlyList<FileReport>> RunAsync(
        IReadOnlyList<InputFile> inputs,
        Vendor vendor,
        string operation,
        DocScanRateLimitOptions quota,
        double callsPerFile,
        FileWork work,
        CancellationToken cancellationToken)
    {
        var reports = inputs.Select(i => new FileReport { File = i.Display, Vendor = vendor.Name, Operation = operation }).ToArray();
        var clock = Stopwatch.StartNew();
        int done = 0;
        Task RunAll(Action onDone) => RunAllAsync(inputs, reports, work, onDone, cancellationToken);

        if (reporter.Json || !reporter.Console.Profile.Capabilities.Interactive)
        {
            await RunAll(() => Interlocked.Increment(ref done));
        }
        else
        {
            await reporter.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"{operation} ({vendor.DisplayName})", maxValue: inputs.Count);
                    Task running = RunAll(() =>
                    {
                        Interlocked.Increment(ref done);
                        task.Increment(1);
                    });
                    while (!running.IsCompleted)
                    {
                        int finished = Volatile.Read(ref done);
                        TimeSpan eta = Eta.Estimate(quota, inputs.Count - finished, callsPerFile, finished, clock.Elapsed);
                        task.Description = Markup.Escape($"{operation} ({vendor.DisplayName}) {finished}/{inputs.Count}, ETA {Eta.Format(eta)}");
                        await Task.WhenAny(running, Task.Delay(500, CancellationToken.None));
                    }

                    await running;
                });
        }

        return reports;
    }

    private async Task RunAllAsync(IReadOnlyList<InputFile> inputs, FileReport[] reports, FileWork work, Action onDone, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(parallel);
        var running = new List<Task>();
        for (int i = 0; i < inputs.Count; i++)
        {
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break; // Ctrl+C: start nothing new; the rest stay "skipped"
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // The input cancelled in flight freed its slot before this wait saw the cancellation.
                gate.Release();
                break;
            }

            int index = i;
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await RunOneAsync(inputs[index], reports[index], work, cancellationToken);
                    }
                    finally
                    {
                        gate.Release();
                        onDone();
                        if (LinesAsInputsEnd)
                        {
                            reporter.FileDone(reports[index]);
                        }
                    }
                },
                CancellationToken.None));
        }

        await Task.WhenAll(running);
    }

    private async Task RunOneAsync(InputFile input, FileReport report, FileWork work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var stage = new OutputStage(folder);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await work(input, stage, report, cancellationToken);
            report.Outputs = stage.Commit();
            report.Output = report.Outputs.FirstOrDefault();
            report.Status = "ok";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            report.Status = "cancelled";
        }
        catch (Exception e)
        {
            // One input's failure (vendor error, unreadable image, disk full) is reported; the batch goes on.
            report.Fail(e);
        }
        finally
        {
            report.ElapsedMs = clock.ElapsedMilliseconds;
        }
    }

    /// <summary>The exit code of a batch: see <see cref="ExitCodes"/>.</summary>
    public static int ExitCodeOf(IReadOnlyList<FileReport> reports, bool cancelled)
    {
        if (cancelled)
        {
            return ExitCodes.Cancelled;
        }

        var failed = reports.Where(r => r.Status != "ok").ToList();
        if (failed.Count == 0)
        {
            return ExitCodes.Success;
        }

        if (failed.Count < reports.Count)
        {
            return ExitCodes.PartialFailure;
        }

        string[] kinds = failed.Select(r => r.Error?.Kind ?? string.Empty).ToArray();
        if (kinds.Contains("authentication"))
        {
            return ExitCodes.Authentication;
        }

        return kinds.Any(k => k is "insufficientQuota" or "rateLimited") ? ExitCodes.Quota : ExitCodes.Failed;
    }
}

/// <summary>How long the rest of a batch will take: at least what the vendor's quota allows, at least what the run has shown.</summary>
internal static class Eta
{
    /// <summary>
    /// The time until the last of <paramref name="calls"/> requests may go under the client's quota, from a fresh
    /// window: each full per-minute window costs a minute, the calls within a window go at the per-second rate.
    /// </summary>
    public static TimeSpan FromQuota(DocScanRateLimitOptions quota, double calls)
    {
        if (!quota.Enabled || calls <= 1)
        {
            return TimeSpan.Zero;
        }

        double after = Math.Ceiling(calls) - 1; // the first call goes at once
        double seconds = quota.PermitsPerSecond is int perSecond ? after / perSecond : 0;
        if (quota.PermitsPerMinute is int perMinute)
        {
            double windows = Math.Floor(after / perMinute);
            double rest = after - (windows * perMinute);
            seconds = Math.Max(seconds, (windows * 60) + (quota.PermitsPerSecond is int rate ? rest / rate : 0));
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The larger of the quota's time for what is left and the time the run so far suggests.</summary>
    public static TimeSpan Estimate(DocScanRateLimitOptions quota, int remainingFiles, double callsPerFile, int finishedFiles, TimeSpan elapsed)
    {
        TimeSpan byQuota = FromQuota(quota, remainingFiles * callsPerFile);
        TimeSpan observed = finishedFiles == 0 ? TimeSpan.Zero : elapsed / finishedFiles * remainingFiles;
        return byQuota > observed ? byQuota : observed;
    }

    public static string Format(TimeSpan eta) => eta.TotalHours >= 1
        ? eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : eta.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
