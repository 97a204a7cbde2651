using System;
using System.Net.Http;

namespace DocScan.Sdk.Http;

/// <summary>What the handlers need to know about the attempt a request message belongs to.</summary>
internal sealed class RequestInfo
{
    private const string Key = "DocScan.RequestInfo";
#if !NETSTANDARD2_0
    private static readonly HttpRequestOptionsKey<RequestInfo> OptionsKey = new(Key);
#endif

    public RequestInfo(string vendor, string operation, int attempt, Func<HttpRequestMessage> rebuild, Action? markSent)
    {
        MarkSent = markSent;
        Vendor = vendor;
        Operation = operation;
        Attempt = attempt;
        Rebuild = rebuild;
    }

    public string Vendor { get; }

    public string Operation { get; }

    public int Attempt { get; }

    /// <summary>Builds a fresh message (new content) for the same attempt, for a handler that must resend once (token refresh).</summary>
    public Func<HttpRequestMessage> Rebuild { get; }

    /// <summary>Tells the rate limiter the request is going out now (called once, by the innermost handler).</summary>
    public Action? MarkSent { get; private set; }

    /// <summary>Calls <see cref="MarkSent"/> the first time only.</summary>
    public void Sending()
    {
        var mark = MarkSent;
        MarkSent = null;
        mark?.Invoke();
    }

    public void AttachTo(HttpRequestMessage request)
    {
#if NETSTANDARD2_0
        request.Properties[Key] = this;
#else
        request.Options.Set(OptionsKey, this);
#endif
    }

    public static RequestInfo? Of(HttpRequestMessage request)
    {
#if NETSTANDARD2_0
        return request.Properties.TryGetValue(Key, out var v) ? v as RequestInfo : null;
#else
        return request.Options.TryGetValue(OptionsKey, out var v) ? v : null;
#endif
    }
}
