using System;

namespace DocScan.Sdk.Redis;

/// <summary>What a client does when Redis cannot be reached.</summary>
public enum RedisUnavailableBehavior
{
    /// <summary>
    /// Fail the call with a <see cref="DocScanException"/> (<see cref="DocScanErrorKind.Network"/>, transient) before
    /// anything is sent to the vendor. The default: exceeding a quota such as ClipImg's may be charged.
    /// </summary>
    Fail = 0,

    /// <summary>
    /// Go on with this process's own quota and token cache, logging a warning once per outage. The fleet as a whole may
    /// then exceed the vendor's quota (each process keeps it alone) until Redis is back.
    /// </summary>
    FallBackToInProcess = 1,
}

/// <summary>Settings of the Redis-backed quota and token store (<c>UseRedis</c>).</summary>
public sealed class DocScanRedisOptions
{
    /// <summary>The prefix of every key written (<c>{KeyPrefix}:quota:…</c>, <c>{KeyPrefix}:token:…</c>). Default <c>docscan</c>.</summary>
    /// <remarks>Use one prefix per environment that shares a Redis (for example <c>docscan-staging</c>).</remarks>
    public string KeyPrefix { get; set; } = Microsoft.Extensions.DependencyInjection.DocScanRedisExtensions.DefaultKeyPrefix;

    /// <summary>What happens when Redis cannot be reached. Default <see cref="RedisUnavailableBehavior.Fail"/>.</summary>
    public RedisUnavailableBehavior WhenUnavailable { get; set; } = RedisUnavailableBehavior.Fail;

    /// <summary>The longest one Redis round trip may take before Redis counts as unavailable. Default 2 seconds.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the fleet-wide token-fetch lock is held at most (a process that dies while fetching frees it after
    /// this). Default 30 seconds; keep it above the vendor's token endpoint's worst answer time.
    /// </summary>
    public TimeSpan TokenLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            throw new ArgumentException("DocScan:Redis:KeyPrefix must not be empty.");
        }

        if (OperationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"DocScan:Redis:OperationTimeout must be positive; got {OperationTimeout}.");
        }

        if (TokenLockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"DocScan:Redis:TokenLockTimeout must be positive; got {TokenLockTimeout}.");
        }
    }
}
