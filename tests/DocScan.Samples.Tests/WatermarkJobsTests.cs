using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Samples.AspNet;

namespace DocScan.Samples.Tests;

public class WatermarkJobsTests
{
    private static readonly Uri Image = new("http://127.0.0.1/watermark/targetImages/a.png");

    private static WatermarkJob Done(string? identifier) => new("done", identifier, Image, 2);

    [Fact]
    public void A_callback_before_the_acknowledgement_stays_done_and_gains_the_identifier()
    {
        var jobs = new WatermarkJobs();
        string id = jobs.Create();

        Assert.Equal(CallbackOutcome.Recorded, jobs.Complete(id, Done(null)));
        jobs.Accepted(id, "img-1");

        Assert.True(jobs.TryGet(id, out var job));
        Assert.Equal(Done("img-1"), job);
    }

    [Fact]
    public void A_callback_after_the_acknowledgement_is_recorded_with_the_acknowledged_identifier()
    {
        var jobs = new WatermarkJobs();
        string id = jobs.Create();

        jobs.Accepted(id, "img-1");
        Assert.Equal(CallbackOutcome.Recorded, jobs.Complete(id, Done(null)));

        Assert.True(jobs.TryGet(id, out var job));
        Assert.Equal(Done("img-1"), job);
    }

    [Fact]
    public void The_first_callback_stands_and_a_repeat_is_reported_as_such()
    {
        var jobs = new WatermarkJobs();
        string id = jobs.Create();

        Assert.Equal(CallbackOutcome.Recorded, jobs.Complete(id, Done("img-1")));
        Assert.Equal(CallbackOutcome.AlreadyFinished, jobs.Complete(id, new WatermarkJob("failed: ServerError 500", null, null, null)));

        Assert.True(jobs.TryGet(id, out var job));
        Assert.Equal("done", job.Status);
    }

    [Fact]
    public void A_callback_for_another_image_is_ignored_and_an_unknown_id_is_refused()
    {
        var jobs = new WatermarkJobs();
        string id = jobs.Create();
        jobs.Accepted(id, "img-1");

        Assert.Equal(CallbackOutcome.OtherImage, jobs.Complete(id, Done("img-2")));
        Assert.Equal(CallbackOutcome.UnknownJob, jobs.Complete("not-handed-out", Done("img-1")));
        Assert.True(jobs.TryGet(id, out var job));
        Assert.Equal(WatermarkJob.Pending with { ImageIdentifier = "img-1" }, job);
    }

    [Fact]
    public void Concurrent_callbacks_and_acknowledgements_always_end_done_with_one_outcome()
    {
        var jobs = new WatermarkJobs();
        string[] ids = Enumerable.Range(0, 2000).Select(_ => jobs.Create()).ToArray();
        int recorded = 0;

        // Per job, in parallel: the acknowledgement and two different callbacks (the vendor's repeat).
        Parallel.For(0, ids.Length, n => Parallel.Invoke(
            () => jobs.Accepted(ids[n], $"img-{n}"),
            () => Record(ids[n], new WatermarkJob("done", null, Image, 1)),
            () => Record(ids[n], new WatermarkJob("done", null, Image, 2))));

        Assert.Equal(ids.Length, recorded); // exactly one callback per job was recorded
        for (int n = 0; n < ids.Length; n++)
        {
            Assert.True(jobs.TryGet(ids[n], out var job));
            Assert.Equal("done", job.Status);
            Assert.Equal($"img-{n}", job.ImageIdentifier);
            Assert.Contains(job.Regions, new int?[] { 1, 2 });
        }

        void Record(string id, WatermarkJob outcome)
        {
            if (jobs.Complete(id, outcome) == CallbackOutcome.Recorded)
            {
                Interlocked.Increment(ref recorded);
            }
        }
    }
}
