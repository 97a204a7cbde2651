using System;
using System.Collections.Concurrent;

namespace DocScan.Samples.AspNet;

/// <summary>One asynchronous watermark removal, as the callback left it.</summary>
internal sealed record WatermarkJob(string Status, string? ImageIdentifier, Uri? ImageUrl, int? Regions);

/// <summary>The jobs of this process, by the id in their callback URL (a database in a real app).</summary>
internal sealed class WatermarkJobs
{
    public ConcurrentDictionary<string, WatermarkJob> Pending { get; } = new();
}
