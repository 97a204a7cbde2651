using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Http;

/// <summary>What the shared pipeline needs to know about one vendor; each vendor folder declares one.</summary>
internal sealed class VendorDefinition<TOptions>
    where TOptions : DocScanClientOptions
{
    /// <param name="name">The vendor's name.</param>
    /// <param name="createAuthenticator">Creates the client's authenticator.</param>
    /// <param name="requestIdHeaders">Response headers with the vendor's request id.</param>
    /// <param name="accountIdentity">Reads what identifies the account in the options (API key, app id); hashed, never stored.</param>
    public VendorDefinition(string name, Func<TOptions, VendorServices, RequestAuthenticator> createAuthenticator, IReadOnlyList<string> requestIdHeaders, Func<TOptions, string?>? accountIdentity = null)
    {
        Name = name;
        CreateAuthenticator = createAuthenticator;
        RequestIdHeaders = requestIdHeaders;
        AccountIdentity = accountIdentity ?? (static _ => null);
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

    /// <summary>Reads the account identity (API key, app id) from the options.</summary>
    public Func<TOptions, string?> AccountIdentity { get; }

    /// <summary>The account <paramref name="options"/> belong to: quotas and tokens are shared per account.</summary>
    public DocScanAccount AccountOf(TOptions options) => DocScanAccount.For(Name, options.EffectiveBaseAddress, AccountIdentity(options));
}

/// <summary>Services an authenticator may use.</summary>
internal sealed class VendorServices
{
    public VendorServices(TimeProvider time, ILoggerFactory loggerFactory, Func<HttpClient> tokenClient, DocScanAccount account, object? scope, DocScanTokenStore? tokenStore = null)
    {
        Scope = scope;
        Time = time;
        LoggerFactory = loggerFactory;
        TokenClient = tokenClient;
        Account = account;
        TokenStore = tokenStore;
    }

    /// <summary>The vendor account of the client.</summary>
    public DocScanAccount Account { get; }

    /// <summary>What separates accounts in process besides the account: a given transport, the container, or null.</summary>
    public object? Scope { get; }

    /// <summary>A store that shares tokens beyond this process, or null.</summary>
    public DocScanTokenStore? TokenStore { get; }

    /// <summary>The account's token cache, shared by every client of the account in this process.</summary>
    public TokenCache Tokens(TimeSpan refreshBefore) => TokenCache.Shared(Account, Time, refreshBefore, TokenStore, Scope);

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>An HttpClient on the vendor's base address for credential requests; not authenticated, not retried.</summary>
    public Func<HttpClient> TokenClient { get; }
}
