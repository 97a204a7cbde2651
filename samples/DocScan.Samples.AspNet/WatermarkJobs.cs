using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace DocScan.Samples.AspNet;

/// <summary>One asynchronous watermark removal: "pending" until its callback came, then "done" or "failed: …".</summary>
internal sealed record WatermarkJob(string Status, string? ImageIdentifier, Uri? ImageUrl, int? Regions)
{
    /// <summary>The status of a job whose callback has not come yet.</summary>
    public const string PendingStatus = "pending";

    /// <summary>A job just handed out, before the vendor acknowledged it.</summary>
    public static WatermarkJob Pending { get; } = new(PendingStatus, null, null, null);

    /// <summary>Whether the callback has been recorded ("done" or "failed"): a finished job never goes back to pending.</summary>
    public bool IsFinished => Status != PendingStatus;
}

/// <summary>What <see cref="WatermarkJobs.Complete"/> did with a callback.</summary>
internal enum CallbackOutcome
{
    /// <summary>The job now holds the callback's outcome.</summary>
    Recorded,

    /// <summary>The job had its outcome already (the vendor repeats a callback it thinks was lost): the first one stands.</summary>
    AlreadyFinished,

    /// <summary>The callback names another image than the one this job submitted: ignored.</summary>
    OtherImage,

    /// <summary>Not an id this app handed out.</summary>
    UnknownJob,
}

/// <summary>
/// The jobs of this process, by the id in their callback URL (a database in a real app).
/// </summary>
/// <remarks>
/// The vendor's callback can arrive before <c>SubmitAsync</c> has returned (the emulator answers and calls back at
/// once), and repeated callbacks can arrive concurrently. So every change is an atomic compare-and-swap on one entry,
/// and the two writers merge instead of overwriting: a finished state (done or failed) always wins over pending, and
/// the image identifier is kept from whichever side knew it first.
/// </remarks>
internal sealed class WatermarkJobs
{
    private readonly ConcurrentDictionary<string, WatermarkJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Hands out a new unguessable job id, pending.</summary>
    public string Create()
    {
        string id = Guid.NewGuid().ToString("N");
        _jobs[id] = WatermarkJob.Pending;
        return id;
    }

    /// <summary>The job with this id, as it stands.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out WatermarkJob? job) => _jobs.TryGetValue(id, out job);

    /// <summary>Records the vendor's acknowledgement of the submission; never undoes a callback that came first.</summary>
    /// <returns>The job after the merge.</returns>
    public WatermarkJob Accepted(string id, string? imageIdentifier)
        => _jobs.AddOrUpdate(
            id,
            static (_, identifier) => WatermarkJob.Pending with { ImageIdentifier = identifier },
            static (_, current, identifier) => current.ImageIdentifier is null || identifier is null
                ? current with { ImageIdentifier = current.ImageIdentifier ?? identifier }
                : current.ImageIdentifier == identifier
                    ? current
                    : WatermarkJob.Pending with { ImageIdentifier = identifier }, // the early callback was for another image: wait for ours
            imageIdentifier);

    /// <summary>Records a callback's outcome, unless the job already has one or belongs to another image.</summary>
    /// <param name="id">The id from the callback URL.</param>
    /// <param name="outcome">The finished state the callback reports (its <c>ImageIdentifier</c> as the callback says).</param>
    public CallbackOutcome Complete(string id, WatermarkJob outcome)
    {
        if (!outcome.IsFinished)
        {
            throw new ArgumentException("A callback's outcome is done or failed, not pending.", nameof(outcome));
        }

        while (true)
        {
            if (!_jobs.TryGetValue(id, out var current))
            {
                return CallbackOutcome.UnknownJob;
            }

            if (current.IsFinished)
            {
                return CallbackOutcome.AlreadyFinished;
            }

            if (current.ImageIdentifier is not null && outcome.ImageIdentifier is not null && current.ImageIdentifier != outcome.ImageIdentifier)
            {
                return CallbackOutcome.OtherImage;
            }

            var merged = outcome with { ImageIdentifier = outcome.ImageIdentifier ?? current.ImageIdentifier };
            if (_jobs.TryUpdate(id, merged, current))
            {
                return CallbackOutcome.Recorded;
            }

            // Another writer changed the entry between the read and the swap: look again.
        }
    }

    /// <summary>Drops a job whose submission failed (its id was never given to the caller).</summary>
    public void Forget(string id) => _jobs.TryRemove(id, out _);
}
