using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Http;

/// <summary>What the shared pipeline needs to know about one vendor; each vendor folder declares one.</summary>
internal sealed class VendorDefinition<TOptions>
    where TOptions : DocScanClientOptions
{
    public VendorDefinition(string name, Func<TOptions, VendorServices, RequestAuthenticator> createAuthenticator, IReadOnlyList<string> requestIdHeaders)
    {
        Name = name;
        CreateAuthenticator = createAuthenticator;
        RequestIdHeaders = requestIdHeaders;
    }

    /// <summary>The vendor's name, as its configuration section is named.</summary>
    public string Name { get; }

    /// <summary>The name of the vendor's HttpClient in IHttpClientFactory.</summary>
    public string HttpClientName => "DocScan." + Name;

    /// <summary>The name of the HttpClient for credential requests (token endpoints): no auth handler, same logging.</summary>
    public string TokenHttpClientName => "DocScan." + Name + ".Token";

    /// <summary>Creates the client's authenticator once per client (it may cache tokens).</summary>
    public Func<TOptions, VendorServices, RequestAuthenticator> CreateAuthenticator { get; }

    /// <summary>Response headers that carry the vendor's request id; they are the only ones logged by default.</summary>
    public IReadOnlyList<string> RequestIdHeaders { get; }
}

/// <summary>Services an authenticator may use.</summary>
internal sealed class VendorServices
{
    public VendorServices(TimeProvider time, ILoggerFactory loggerFactory, Func<HttpClient> tokenClient)
    {
        Time = time;
        LoggerFactory = loggerFactory;
        TokenClient = tokenClient;
    }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>An HttpClient on the vendor's base address for credential requests; not authenticated, not retried.</summary>
    public Func<HttpClient> TokenClient { get; }
}
