using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

using DocScan.Sdk.Http;

namespace DocScan.Sdk;

/// <summary>
/// A request body that says when it starts going out. Only then is the connection open (TCP and TLS done) and the
/// request on its way to the vendor, which counts its quota by arrival; the rate limiter stamps that moment.
/// </summary>
internal interface IObservedContent
{
    /// <summary>The attempt whose <see cref="RequestInfo.Sending"/> is called once, when the body starts being written to the connection.</summary>
    RequestInfo? Attempt { get; set; }
}

internal static class ObservedContent
{
    /// <summary>Tells <see cref="IObservedContent.Attempt"/> the first time the body starts going out.</summary>
    public static void Started(this IObservedContent content)
    {
        var attempt = content.Attempt;
        content.Attempt = null;
        attempt?.Sending();
    }
}

/// <summary>Bytes already in memory (a small JSON body), observed as they start going out.</summary>
internal class ObservedByteArrayContent : ByteArrayContent, IObservedContent
{
    public ObservedByteArrayContent(byte[] content)
        : base(content)
    {
    }

    public RequestInfo? Attempt { get; set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        this.Started();
        return base.SerializeToStreamAsync(stream, context);
    }

#if !NETSTANDARD2_0
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        this.Started();
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }
#endif
}
