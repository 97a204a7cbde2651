using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.IntegrationTests.Support;

/// <summary>
/// A tiny callback endpoint on 127.0.0.1 (real Kestrel, free port), as an application would host for
/// processimage.cn's asynchronous results: it answers 200 and hands each body to the test.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(string Path, byte[] Body)> _received = Channel.CreateUnbounded<(string, byte[])>();

    private CallbackReceiver(WebApplication app) => _app = app;

    /// <summary>The URL to give the vendor; a per-run secret in the path, as the SDK's docs advise.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<CallbackReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        string secret = Guid.NewGuid().ToString("N");
        app.MapPost("/processimage/callback/{secret}", async (HttpContext context, string secret) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            await receiver._received.Writer.WriteAsync((context.Request.Path.Value ?? "", body.ToArray()), context.RequestAborted);
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), "/processimage/callback/" + secret);
        return receiver;
    }

    /// <summary>Waits for the next callback body.</summary>
    public async Task<(string Path, byte[] Body)> NextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
