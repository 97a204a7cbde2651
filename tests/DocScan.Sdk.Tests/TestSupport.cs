using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DocScan.Sdk.Tests;

/// <summary>Shared helpers for vendor tests: fast options, captured logs, request body capture.</summary>
internal static class TestSupport
{
    /// <summary>Options with no backoff delay and no client-side rate limit, so tests run fast; tests that check those set them back.</summary>
    public static T Fast<T>(T options)
        where T : DocScanClientOptions
    {
        options.Retry.BaseDelay = TimeSpan.Zero;
        options.Retry.MaxDelay = TimeSpan.Zero;
        options.RateLimit.Enabled = false;
        return options;
    }

    /// <summary>A logger factory that keeps every record at every level.</summary>
    public static (ILoggerFactory Factory, FakeLogCollector Logs) CapturingLogs()
    {
        var collector = new FakeLogCollector();
        var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        return (factory, collector);
    }

    /// <summary>Reads a request body (MockHttp hands over the live request).</summary>
    public static async Task<byte[]> BodyOf(HttpRequestMessage request)
        => request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync();
}

/// <summary>A transport that runs a delegate, with the request's cancellation token (for hanging answers).</summary>
internal sealed class DelegateHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, System.Threading.CancellationToken, Task<HttpResponseMessage>> _send;

    public DelegateHandler(Func<HttpRequestMessage, System.Threading.CancellationToken, Task<HttpResponseMessage>> send) => _send = send;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) => _send(request, cancellationToken);
}

/// <summary>What one request looked like on the wire.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, HttpRequestHeaders Headers, string? ContentType, long? ContentLength, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValues(name, out var v) ? string.Join(",", v) : string.Empty;
}

/// <summary>A transport (behind MockHttp's Respond) that records every request's bytes and answers by attempt number (1-based).</summary>
internal sealed class Recorder : HttpMessageHandler
{
    private readonly Func<int, HttpResponseMessage> _respond;

    public Recorder(Func<int, HttpResponseMessage> respond) => _respond = respond;

    public List<SentRequest> Requests { get; } = new();

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
    {
        var declared = request.Content?.Headers.ContentLength;
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add(new SentRequest(request.Method, request.RequestUri!, request.Headers, request.Content?.Headers.ContentType?.ToString(), declared, body));
            return _respond(Requests.Count);
        }
    }
}
