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

    // Boxes of the small numbers tags carry (attempt counts, HTTP statuses), made once: a tag value is an object.
    private static readonly object[] SmallNumbers = CreateBoxes(600);

    /// <summary>A boxed <paramref name="value"/>, shared for 0–599 (attempts and HTTP statuses), so tagging allocates nothing.</summary>
    public static object Box(int value) => (uint)value < (uint)SmallNumbers.Length ? SmallNumbers[value] : value;

    private static object[] CreateBoxes(int count)
    {
        var boxes = new object[count];
        for (int i = 0; i < count; i++)
        {
            boxes[i] = i;
        }

        return boxes;
    }

    /// <summary>Time spent waiting for the client-side rate limit, in seconds.</summary>
    public static readonly Histogram<double> RateLimitWaitDuration = Meter.CreateHistogram<double>("docscan.rate_limit.wait.duration", "s", "Time an attempt waited for the client-side rate limit.");
}
