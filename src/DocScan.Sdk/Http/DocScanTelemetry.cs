using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DocScan.Sdk.Http;

/// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>DocScan.Sdk</c>.</summary>
internal static class DocScanTelemetry
{
    public const string Name = "DocScan.Sdk";

    public static readonly ActivitySource Source = new(Name, typeof(DocScanTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(DocScanTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Duration of each HTTP attempt, in seconds.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("docscan.request.duration", "s", "Duration of one HTTP attempt to a vendor.");

    /// <summary>Retries scheduled.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("docscan.retries", "{retry}", "Attempts retried after a failure.");

    /// <summary>Calls that had to wait for the client-side rate limit.</summary>
    public static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>("docscan.rate_limit.waits", "{wait}", "Attempts that waited for the client-side rate limit.");

    /// <summary>Time spent waiting for the client-side rate limit, in seconds.</summary>
    public static readonly Histogram<double> RateLimitWaitDuration = Meter.CreateHistogram<double>("docscan.rate_limit.wait.duration", "s", "Time an attempt waited for the client-side rate limit.");
}
