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

    public RequestInfo(string vendor, string operation, int attempt, Func<HttpRequestMessage> rebuild, Action? markSent, Action? countSent = null, bool requiresAuth = true, RequestState? state = null)
    {
        RequiresAuth = requiresAuth;
        State = state ?? new RequestState();
        _markSent = markSent;
        _countSent = countSent;
        Vendor = vendor;
        Operation = operation;
        Attempt = attempt;
        Rebuild = rebuild;
    }

    private Action? _markSent;
    private Action? _countSent;

    public string Vendor { get; }

    public string Operation { get; }

    /// <summary>Whether the auth handler puts credentials on the request (see <see cref="DocScanRequest.RequiresAuth"/>).</summary>
    public bool RequiresAuth { get; }

    /// <summary>The attempt's data for the authenticator: the call's <see cref="DocScanRequest.State"/> and what the content factory added.</summary>
    public RequestState State { get; }

    /// <summary>The pipeline's attempt number (1-based), for logs; an attempt never sent still has one.</summary>
    public int Attempt { get; }

    /// <summary>How many attempts of the call have reached the vendor so far, for errors raised after the call returned (a streamed body).</summary>
    public Func<int>? AttemptsSoFar { get; init; }

    /// <summary>Builds a fresh message (new content) for the same attempt, for a handler that must resend once (token refresh).</summary>
    public Func<HttpRequestMessage> Rebuild { get; }

    /// <summary>
    /// The request reached the vendor (its body started going out, or an answer arrived): stamps the rate-limit
    /// permit and counts the attempt in <see cref="DocScanException.Attempts"/>. Each happens once.
    /// </summary>
    public void Sending()
    {
        MayHaveSent();
        var count = _countSent;
        _countSent = null;
        count?.Invoke();
    }

    /// <summary>
    /// The request failed without proof that it reached the vendor (a connect failure, a cancellation before the body
    /// went out): the quota still counts it, as the vendor may have seen it, but it is not counted as an attempt.
    /// </summary>
    public void MayHaveSent()
    {
        var mark = _markSent;
        _markSent = null;
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
