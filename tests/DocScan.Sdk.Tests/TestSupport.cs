using System;
using System.Net.Http;
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
