using System;
using System.Net.Http;
using System.Threading;

namespace DocScan.Sdk.Http;

/// <summary>
/// An invoker of the handler chain <c>IHttpMessageHandlerFactory</c> currently gives for a name. The factory replaces
/// its chains now and then (its handler lifetime, so DNS changes are seen), so the chain is asked for on every call,
/// which costs a lookup; the invoker around it is made again only when the chain has changed. Unlike
/// <c>IHttpClientFactory.CreateClient</c>, nothing is allocated per call.
/// </summary>
internal sealed class HandlerInvoker
{
    private readonly Func<HttpMessageHandler> _handler;
    private Entry? _current;

    public HandlerInvoker(Func<HttpMessageHandler> handler) => _handler = handler;

    /// <summary>An invoker of the current chain; it does not dispose the chain, which the factory owns.</summary>
    public HttpMessageInvoker Current()
    {
        var handler = _handler();
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Handler, handler))
        {
            return current.Invoker;
        }

        current = new Entry(handler, new HttpMessageInvoker(handler, disposeHandler: false));
        Volatile.Write(ref _current, current);
        return current.Invoker;
    }

    private sealed class Entry
    {
        public Entry(HttpMessageHandler handler, HttpMessageInvoker invoker)
        {
            Handler = handler;
            Invoker = invoker;
        }

        public HttpMessageHandler Handler { get; }

        public HttpMessageInvoker Invoker { get; }
    }
}
