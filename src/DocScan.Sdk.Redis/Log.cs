using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Redis;

/// <summary>The package's log messages (source-generated). No key, secret or token ever appears in them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Redis cannot be reached for the shared {What} ({Reason}).")]
    public static partial void Unavailable(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Redis is unavailable: {Vendor} goes on with this process's own {What}; the fleet may exceed the vendor's quota until Redis is back.")]
    public static partial void FallingBack(ILogger logger, string vendor, string what);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Redis is reachable again: quotas and tokens are shared again.")]
    public static partial void Recovered(ILogger logger);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "{Vendor} token fetched for the fleet, valid until {ExpiresAt}.")]
    public static partial void TokenFetched(ILogger logger, string vendor, string expiresAt);
}
