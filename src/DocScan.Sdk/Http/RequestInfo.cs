using System;
using System.Net.Http;

namespace DocScan.Sdk.Http;

/// <summary>The call an attempt belongs to, as the request's handlers see it (implemented by the pipeline's call state).</summary>
internal interface IAttemptOwner
{
    /// <summary>How many attempts of the call have reached the vendor so far.</summary>
    int Attempts { get; }

    /// <summary>Counts attempt <paramref name="attempt"/> as having reached the vendor (once, however often it is called).</summary>
    void CountSent(int attempt);

    /// <summary>Builds a fresh message (new content) for attempt <paramref name="attempt"/>, for a handler that must resend once.</summary>
    HttpRequestMessage Rebuild(int attempt, DocScanQuotaPermit? permit);
}

/// <summary>
/// A request message the pipeline built for one attempt, carrying what the handlers need to know about it. A subclass
/// rather than an entry in <c>HttpRequestMessage.Options</c>: that dictionary would be one more allocation per attempt.
/// </summary>
internal sealed class VendorRequestMessage : HttpRequestMessage
{
    public VendorRequestMessage(HttpMethod method, Uri uri, RequestInfo info)
        : base(method, uri)
    {
        Info = info;
    }

    public RequestInfo Info { get; }
}

/// <summary>What the handlers need to know about the attempt a request message belongs to.</summary>
internal sealed class RequestInfo
{
    private readonly IAttemptOwner? _owner;
    private readonly DocScanQuotaPermit? _permit;
    private bool _marked;
    private bool _counted;
    private bool _handedOver;
    private bool _observedBody;

    /// <param name="vendor">The vendor, for logs.</param>
    /// <param name="operation">The operation, for logs.</param>
    /// <param name="attempt">The pipeline's attempt number (1-based).</param>
    /// <param name="owner">The call, which counts attempts and rebuilds messages; null for a message no pipeline sent.</param>
    /// <param name="permit">The rate-limit permit the attempt holds, stamped when the request goes out; null without a quota.</param>
    /// <param name="requiresAuth">Whether the auth handler puts credentials on the request.</param>
    /// <param name="state">The attempt's data for the authenticator.</param>
    public RequestInfo(string vendor, string operation, int attempt, IAttemptOwner? owner, DocScanQuotaPermit? permit, bool requiresAuth = true, RequestState? state = null)
    {
        RequiresAuth = requiresAuth;
        State = state ?? new RequestState();
        _owner = owner;
        _permit = permit;
        Vendor = vendor;
        Operation = operation;
        Attempt = attempt;
    }

    public string Vendor { get; }

    public string Operation { get; }

    /// <summary>Whether the auth handler puts credentials on the request (see <see cref="DocScanRequest.RequiresAuth"/>).</summary>
    public bool RequiresAuth { get; }

    /// <summary>The attempt's data for the authenticator: the call's <see cref="DocScanRequest.State"/> and what the content factory added.</summary>
    public RequestState State { get; }

    /// <summary>The pipeline's attempt number (1-based), for logs; an attempt never sent still has one.</summary>
    public int Attempt { get; }

    /// <summary>How many attempts of the call have reached the vendor so far, for errors raised after the call returned (a streamed body).</summary>
    public int AttemptsSoFar => _owner?.Attempts ?? 0;

    /// <summary>Builds a fresh message (new content) for the same attempt, for a handler that must resend once (token refresh).</summary>
    /// <exception cref="InvalidOperationException">The message was not built by a pipeline.</exception>
    public HttpRequestMessage Rebuild()
        => _owner?.Rebuild(Attempt, _permit) ?? throw new InvalidOperationException("This request was not built by a pipeline and cannot be rebuilt.");

    /// <summary>
    /// The request reached the vendor (its body started going out, or an answer arrived): stamps the rate-limit
    /// permit and counts the attempt in <see cref="DocScanException.Attempts"/>. Each happens once.
    /// </summary>
    public void Sending()
    {
        MayHaveSent();
        if (!_counted)
        {
            _counted = true;
            _owner?.CountSent(Attempt);
        }
    }

    /// <summary>
    /// The request failed without proof that it reached the vendor (a connect failure, a cancellation before the body
    /// went out): the quota still counts it, as the vendor may have seen it, but it is not counted as an attempt.
    /// </summary>
    public void MayHaveSent()
    {
        if (!_marked)
        {
            _marked = true;
            _permit?.MarkSent();
        }
    }

    /// <summary>
    /// The innermost SDK handler passes the request on towards the transport; whoever sent the message settles it with
    /// <see cref="Settle"/> when the send ends. A request that never got this far (missing credentials, a failed
    /// token fetch) is not settled: it neither counts as an attempt nor uses its permit.
    /// </summary>
    /// <param name="observedBody">Whether the body says when it starts going out (and calls <see cref="Sending"/> then).</param>
    public void HandOver(bool observedBody)
    {
        _handedOver = true;
        _observedBody = observedBody;
    }

    /// <summary>
    /// Settles a send that was handed over: an answer proves the request reached the vendor, and so does a failure of a
    /// request whose body cannot say when it started, unless the connection was refused; any other failure only may
    /// have sent it.
    /// </summary>
    /// <returns>Always false, so that it can run in an exception filter without catching.</returns>
    public bool Settle(Exception? failure)
    {
        if (_handedOver)
        {
            if (failure is null || (!_observedBody && !HttpErrors.IsConnectFailure(failure)))
            {
                Sending();
            }
            else
            {
                MayHaveSent();
            }
        }

        return false;
    }

    /// <summary>The info of a message the pipeline built, or null for any other message.</summary>
    public static RequestInfo? Of(HttpRequestMessage request) => (request as VendorRequestMessage)?.Info;
}
