using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Sdk.Tests.ClipImg;

namespace DocScan.Sdk.Tests.Http;

public class TelemetryTests
{
    [Fact]
    public async Task A_call_emits_one_span_with_vendor_operation_attempts_and_outcome_and_counts_retries()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "DocScan.Sdk",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "DocScan.Sdk")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        meters.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        meters.Start();

        using var host = new ClipImgTestHost();
        host.Answer("POST", "/api/pic/scan", ClipImgTestHost.Code(509, "busy"), ClipImgTestHost.Json(ClipImgTestHost.ScanOk));
        await host.Client.ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken);

        var span = spans.First(s => s.OperationName == "ClipImg.Scan" && (int?)s.GetTagItem("docscan.attempts") == 2 && host.Requests.Count == 2);
        Assert.Equal("ClipImg", span.GetTagItem("docscan.vendor"));
        Assert.Equal("success", span.GetTagItem("docscan.outcome"));
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.True(measurements.Count(m => m.Instrument == "docscan.request.duration") >= 2);
        Assert.Contains(measurements, m => m.Instrument == "docscan.retries" && m.Value == 1);
    }
}
