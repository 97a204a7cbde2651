using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk;

/// <summary>
/// A request body that says when it starts going out. Only then is the connection open (TCP and TLS done) and the
/// request on its way to the vendor, which counts its quota by arrival; the rate limiter stamps that moment.
/// </summary>
internal interface IObservedContent
{
    /// <summary>Called once, when the body starts being written to the connection.</summary>
    Action? OnSending { get; set; }
}

internal static class ObservedContent
{
    /// <summary>Raises <see cref="IObservedContent.OnSending"/> the first time the body starts going out.</summary>
    public static void Started(this IObservedContent content)
    {
        var sending = content.OnSending;
        content.OnSending = null;
        sending?.Invoke();
    }
}

/// <summary>Bytes already in memory (a small JSON body), observed as they start going out.</summary>
internal class ObservedByteArrayContent : ByteArrayContent, IObservedContent
{
    public ObservedByteArrayContent(byte[] content)
        : base(content)
    {
    }

    public Action? OnSending { get; set; }

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
