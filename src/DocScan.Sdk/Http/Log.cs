using System;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Http;

// Source-generated log messages. No message takes a header value, body, key, token or signature.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Vendor} {Operation} attempt {Attempt}: sending {Method} {Path}")]
    public static partial void Sending(ILogger logger, string vendor, string operation, int attempt, string method, string path);

    [LoggerMessage(2, LogLevel.Debug, "{Vendor} {Operation} attempt {Attempt}: HTTP {Status} in {ElapsedMs:0.0} ms, request id {RequestId}")]
    public static partial void Received(ILogger logger, string vendor, string operation, int attempt, int status, double elapsedMs, string? requestId);

    [LoggerMessage(3, LogLevel.Debug, "{Vendor} {Operation} attempt {Attempt}: no response after {ElapsedMs:0.0} ms ({Error})")]
    public static partial void SendFailed(ILogger logger, string vendor, string operation, int attempt, double elapsedMs, string error);

    [LoggerMessage(4, LogLevel.Trace, "{Vendor} {Operation} attempt {Attempt}: response header {Header}: {Value}")]
    public static partial void Header(ILogger logger, string vendor, string operation, int attempt, string header, string value);

    [LoggerMessage(5, LogLevel.Information, "{Vendor} {Operation} retrying after {Kind} (attempt {Attempt} failed, HTTP {Status}); waiting {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string vendor, string operation, string kind, int attempt, string status, double delayMs);

    [LoggerMessage(6, LogLevel.Debug, "{Vendor} {Operation} succeeded: HTTP {Status}, {Attempts} attempt(s), {ElapsedMs:0.0} ms, request id {RequestId}")]
    public static partial void Succeeded(ILogger logger, string vendor, string operation, int status, int attempts, double elapsedMs, string? requestId);

    [LoggerMessage(7, LogLevel.Warning, "{Vendor} {Operation} failed: {Kind}, HTTP {Status}, vendor code {VendorCode}, {Attempts} attempt(s), {ElapsedMs:0.0} ms, request id {RequestId}")]
    public static partial void Failed(ILogger logger, string vendor, string operation, string kind, string status, string? vendorCode, int attempts, double elapsedMs, string? requestId);

    [LoggerMessage(8, LogLevel.Debug, "{Vendor} {Operation} waited {WaitMs:0} ms for the client-side rate limit")]
    public static partial void RateLimitWait(ILogger logger, string vendor, string operation, double waitMs);

    [LoggerMessage(9, LogLevel.Debug, "{Vendor}: {Message}")]
    public static partial void Auth(ILogger logger, string vendor, string message);

    public static string Describe(Exception e) => e.GetType().Name;

    /// <summary>An HTTP status for a log line; <c>-</c> when no response arrived.</summary>
    public static string Status(int? status) => status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
