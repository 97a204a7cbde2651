using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Http;

/// <summary>The handlers a vendor's HttpClients carry, outermost first.</summary>
internal enum VendorHandler
{
    /// <summary>Puts credentials on every attempt (<see cref="AuthHandler"/>).</summary>
    Auth,

    /// <summary>Logs and traces every message, secrets redacted (<see cref="LoggingHandler"/>).</summary>
    Logging,
}

/// <summary>
/// One vendor's handler chain and the state it shares: the authenticator (which may cache tokens, so it outlives
/// the handlers IHttpClientFactory rotates), the account, the clock and the loggers. The client built with
/// <c>new</c> and the client from the container both assemble their HttpClients from here, so they cannot drift.
/// </summary>
internal sealed class VendorChain<TOptions>
    where TOptions : DocScanClientOptions
{
    /// <summary>The vendor's handlers: auth → logging → transport.</summary>
    public static readonly IReadOnlyList<VendorHandler> ApiHandlers = new[] { VendorHandler.Auth, VendorHandler.Logging };

    /// <summary>The token client: logging → transport; no auth handler, and never retried by the pipeline.</summary>
    public static readonly IReadOnlyList<VendorHandler> TokenHandlers = new[] { VendorHandler.Logging };

    private readonly ILogger _logger;

    /// <param name="definition">The vendor.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    /// <param name="time">The clock.</param>
    /// <param name="tokenClient">The HttpClient for credential requests (built from <see cref="TokenHandlers"/>).</param>
    /// <param name="scope">What separates accounts in this process besides the account (a given transport, the container), or null.</param>
    /// <param name="quotas">Where the account's quota comes from.</param>
    /// <param name="tokenStore">A store sharing tokens beyond this process, or null.</param>
    public VendorChain(VendorDefinition<TOptions> definition, TOptions options, ILoggerFactory loggerFactory, TimeProvider time, Func<HttpClient> tokenClient, object? scope, DocScanQuotaProvider quotas, DocScanTokenStore? tokenStore)
    {
        Definition = definition;
        Options = options;
        LoggerFactory = loggerFactory;
        Time = time;
        Scope = scope;
        Quotas = quotas;
        Account = definition.AccountOf(options);
        _logger = loggerFactory.CreateLogger("DocScan.Sdk." + definition.Name);
        Authenticator = definition.CreateAuthenticator(options, new VendorServices(time, loggerFactory, tokenClient, Account, scope, tokenStore));
    }

    public VendorDefinition<TOptions> Definition { get; }

    public TOptions Options { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    /// <summary>What separates accounts in this process besides the account, or null.</summary>
    public object? Scope { get; }

    /// <summary>Where the account's quota comes from.</summary>
    public DocScanQuotaProvider Quotas { get; }

    /// <summary>The vendor account of the options: quotas and tokens are shared per account.</summary>
    public DocScanAccount Account { get; }

    /// <summary>The client's authenticator, one per chain (it may cache tokens).</summary>
    public RequestAuthenticator Authenticator { get; }

    /// <summary>A new handler of <paramref name="kind"/> (handlers are never shared between chains of handlers).</summary>
    public DelegatingHandler CreateHandler(VendorHandler kind) => kind switch
    {
        VendorHandler.Auth => new AuthHandler(Authenticator),
        VendorHandler.Logging => new LoggingHandler(_logger, Definition.RequestIdHeaders, Options.LoggedHeaders, Time),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Links new handlers of <paramref name="kinds"/> (outermost first) in front of <paramref name="transport"/>.</summary>
    public HttpMessageHandler Assemble(IReadOnlyList<VendorHandler> kinds, HttpMessageHandler transport)
    {
        var handler = transport;
        for (int i = kinds.Count - 1; i >= 0; i--)
        {
            var outer = CreateHandler(kinds[i]);
            outer.InnerHandler = handler;
            handler = outer;
        }

        return handler;
    }

    /// <summary>The token client sends absolute or base-relative requests, each bounded by the attempt timeout.</summary>
    public void ConfigureTokenClient(HttpClient client)
    {
        client.BaseAddress = Options.EffectiveBaseAddress;
        client.Timeout = Options.AttemptTimeout;
    }

    /// <summary>The resilience pipeline around <paramref name="client"/>, whose handlers must be built from <see cref="ApiHandlers"/>.</summary>
    public VendorPipeline CreatePipeline(Func<HttpMessageInvoker> client) => VendorPipeline.Create(this, client);
}
