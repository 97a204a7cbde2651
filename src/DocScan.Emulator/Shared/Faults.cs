using System;
using System.Collections.Generic;
using System.Linq;
using DocScan.Emulator.Shared;

namespace DocScan.Emulator;

/// <summary>
/// What an injected fault does to a request. Faults act before the vendor's own checks (like a gateway in
/// front of the vendor) and do not count against quotas or charge anything. Build one with the factory methods.
/// </summary>
public sealed record EmulatorFault
{
    /// <summary>
    /// Wait this long before acting (the request body is read first, so the client has finished sending).
    /// The wait ends early when the client gives up. With neither <see cref="StatusCode"/> nor
    /// <see cref="ResetConnection"/>, the request is then handled normally (a slow vendor).
    /// </summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Abort the connection (TCP reset) instead of answering, after the body was read.</summary>
    public bool ResetConnection { get; init; }

    /// <summary>HTTP status to answer with; <see langword="null"/> lets the vendor answer (after <see cref="Delay"/>).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Body of the answer; empty when <see langword="null"/>.</summary>
    public string? Body { get; init; }

    /// <summary>Content type of <see cref="Body"/>. Default <c>application/json</c>.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Sends <c>Retry-After</c> with this many whole seconds (rounded up).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The vendor code the answer carries, for the request log.</summary>
    public string? VendorCode { get; init; }

    /// <summary>Answers with a status and an optional raw body.</summary>
    /// <param name="statusCode">HTTP status.</param>
    /// <param name="body">Raw body (JSON unless <see cref="ContentType"/> says otherwise).</param>
    /// <param name="retryAfter">Optional <c>Retry-After</c>.</param>
    public static EmulatorFault Status(int statusCode, string? body = null, TimeSpan? retryAfter = null)
        => new() { StatusCode = statusCode, Body = body, RetryAfter = retryAfter };

    /// <summary>
    /// Answers with the vendor's documented error envelope and the HTTP status that goes with it:
    /// ClipImg <c>{code,msg,data}</c> (code 400/402/404/509…), Qingyang an HTTP status with <c>{error}</c>
    /// (400/401/403/413/500), processimage.cn an <c>httpCode</c> (401/403/413/429…) or a <c>processStatus</c>
    /// (52001–52004) under HTTP 200, Aliyun a code such as <c>Retrieval.Throttling.User</c>, e签宝 a body code
    /// (30500100…) or a gateway message (<c>INVALID_SIGNATURE</c>, <c>TOKEN错误</c>…) with HTTP 401.
    /// </summary>
    /// <param name="vendor">Whose envelope to use.</param>
    /// <param name="code">The vendor code.</param>
    /// <param name="message">The message; the vendor's documented text when <see langword="null"/>.</param>
    /// <param name="retryAfter">Optional <c>Retry-After</c>.</param>
    public static EmulatorFault VendorError(EmulatorVendor vendor, string code, string? message = null, TimeSpan? retryAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new() { VendorErrorSpec = (vendor, code, message), RetryAfter = retryAfter, VendorCode = code };
    }

    /// <summary>Answers as the vendor does when its rate limit is exceeded (ClipImg 429, processimage.cn <c>httpCode</c> 429, Aliyun <c>Retrieval.Throttling.User</c>, Qingyang and e签宝 HTTP 429).</summary>
    /// <param name="vendor">Whose throttling answer to use.</param>
    /// <param name="retryAfter">Optional <c>Retry-After</c>.</param>
    public static EmulatorFault Throttled(EmulatorVendor vendor, TimeSpan? retryAfter = null)
        => VendorError(vendor, ThrottleCode(vendor), null, retryAfter);

    /// <summary>Holds the request for <paramref name="duration"/> (default 10 minutes: past any client timeout), then handles it normally if the client is still there.</summary>
    /// <param name="duration">How long to hang.</param>
    public static EmulatorFault Hang(TimeSpan? duration = null) => new() { Delay = duration ?? TimeSpan.FromMinutes(10) };

    /// <summary>Reads the request body and then resets the connection (<c>HttpContext.Abort()</c>): the client cannot know whether it was processed.</summary>
    public static EmulatorFault Reset() => new() { ResetConnection = true };

    /// <summary>The vendor, code and message of a <see cref="VendorError(EmulatorVendor, string, string?, TimeSpan?)"/> fault; the envelope is built when it fires.</summary>
    internal (EmulatorVendor Vendor, string Code, string? Message)? VendorErrorSpec { get; init; }

    /// <summary>Whether the fault answers itself (rather than letting the vendor answer after a delay).</summary>
    internal bool Answers => StatusCode is not null || VendorErrorSpec is not null;

    internal static string ThrottleCode(EmulatorVendor vendor) => vendor switch
    {
        EmulatorVendor.AliyunIqs => "Retrieval.Throttling.User",
        _ => "429",
    };
}

/// <summary>Pending injected faults. Each rule applies to the next <c>count</c> matching requests of a vendor, in the order rules were added.</summary>
public sealed record EmulatorFaults
{
    private readonly object _gate = new();
    private readonly List<Rule> _rules = [];

    /// <summary>Makes the next <paramref name="count"/> requests to <paramref name="vendor"/> (optionally only those whose path starts with <paramref name="path"/>) suffer <paramref name="fault"/>.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <param name="fault">What happens.</param>
    /// <param name="count">How many requests, at least 1. Default 1.</param>
    /// <param name="path">Optional path prefix such as <c>/api/pic/scan/download</c> (case-insensitive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public void Add(EmulatorVendor vendor, EmulatorFault fault, int count = 1, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _rules.Add(new Rule(vendor, string.IsNullOrEmpty(path) ? null : path, fault) { Remaining = count });
        }
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>How many injected failures are still to happen for a vendor.</summary>
    /// <param name="vendor">The vendor.</param>
    public int Pending(EmulatorVendor vendor)
    {
        lock (_gate)
        {
            return _rules.Where(r => r.Vendor == vendor).Sum(r => r.Remaining);
        }
    }

    internal EmulatorFault? Take(EmulatorVendor vendor, string path)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Vendor == vendor && (r.Path is null || path.StartsWith(r.Path, StringComparison.OrdinalIgnoreCase)));
            if (rule is null)
            {
                return null;
            }

            if (--rule.Remaining == 0)
            {
                _rules.Remove(rule);
            }

            return rule.Fault;
        }
    }

    private sealed record Rule(EmulatorVendor Vendor, string? Path, EmulatorFault Fault)
    {
        public int Remaining { get; set; }
    }
}
