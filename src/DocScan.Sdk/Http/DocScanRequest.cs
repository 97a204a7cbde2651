using System;
using System.Net.Http;

namespace DocScan.Sdk.Http;

/// <summary>One call, described once; the pipeline turns it into a fresh <see cref="HttpRequestMessage"/> for every attempt.</summary>
internal sealed class DocScanRequest
{
    private RequestState? _state;

    public DocScanRequest(string operation, HttpMethod method, string path, OperationCharge charge)
    {
        Operation = operation;
        Method = method;
        Path = path;
        Charge = charge;
    }

    /// <summary>The operation's name (the client method without <c>Async</c>).</summary>
    public string Operation { get; }

    public HttpMethod Method { get; }

    /// <summary>The path (and query) below the base address, starting with <c>/</c>.</summary>
    public string Path { get; }

    /// <summary>How the vendor bills the operation: decides which failures are retried.</summary>
    public OperationCharge Charge { get; }

    /// <summary>Creates the body for one attempt; called once per attempt, so a body is never sent twice.</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>A small JSON body, already UTF-8: each attempt sends it as <c>application/json</c> (no factory to allocate per call).</summary>
    public byte[]? JsonBody { get; init; }

    /// <summary>
    /// Like <see cref="Content"/>, for a body whose attempt-specific values the authenticator must sign (a fresh salt):
    /// the factory records them in the attempt's state as it writes them. Takes precedence over <see cref="Content"/>.
    /// </summary>
    public Func<RequestState, HttpContent>? AttemptContent { get; init; }

    /// <summary>
    /// Whether the request carries the vendor's credentials (the default). False for what the vendor serves without them
    /// (downloads of processed images): the auth handler then neither authenticates it nor fetches a token for it.
    /// </summary>
    public bool RequiresAuth { get; init; } = true;

    /// <summary>What the client tells its authenticator about this call (a body's MD5); set while the call is described.</summary>
    public RequestState State => _state ??= new RequestState();

    /// <summary>A fresh copy of <see cref="State"/> for one attempt (empty, and no copy made, when the call set nothing).</summary>
    public RequestState AttemptState() => _state?.Copy() ?? new RequestState();

    /// <summary>Whether the result keeps the response open to stream its content to the caller.</summary>
    public bool StreamsResponse { get; init; }
}
