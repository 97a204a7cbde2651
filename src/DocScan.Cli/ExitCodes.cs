namespace DocScan.Cli;

/// <summary>What a run of <c>docscan</c> ends with; documented in docs/cli.md and stable across versions.</summary>
internal static class ExitCodes
{
    /// <summary>Every file was processed.</summary>
    public const int Success = 0;

    /// <summary>Every file failed, for a reason other than those below (network, vendor error, invalid image…).</summary>
    public const int Failed = 1;

    /// <summary>Invalid usage or input: bad arguments, a missing file, an output that exists without <c>--force</c>. Nothing was sent.</summary>
    public const int InvalidUsage = 2;

    /// <summary>Authentication or configuration: credentials missing, rejected or invalid options.</summary>
    public const int Authentication = 3;

    /// <summary>Quota: the account ran out of points or quota, or the vendor throttled the calls.</summary>
    public const int Quota = 4;

    /// <summary>Some files were processed, some failed.</summary>
    public const int PartialFailure = 5;

    /// <summary>Cancelled (Ctrl+C): files finished before it are kept, nothing half-written is left.</summary>
    public const int Cancelled = 130;
}
