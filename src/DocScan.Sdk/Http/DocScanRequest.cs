using System;
using System.Net.Http;

namespace DocScan.Sdk.Http;

/// <summary>One call, described once; the pipeline turns it into a fresh <see cref="HttpRequestMessage"/> for every attempt.</summary>
internal sealed class DocScanRequest
{
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

    /// <summary>Whether the result keeps the response open to stream its content to the caller.</summary>
    public bool StreamsResponse { get; init; }
}
