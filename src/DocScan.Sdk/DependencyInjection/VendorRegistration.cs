using System;
using System.Net.Http;
using DocScan.Sdk.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.DependencyInjection;

/// <summary>Registers one vendor: its named HttpClients, its singleton handler chain state and its client interface.</summary>
internal static class VendorRegistration
{
    public static IHttpClientBuilder Add<TClient, TOptions>(
        IServiceCollection services,
        VendorDefinition<TOptions> definition,
        Func<DocScanOptions, TOptions> select,
        Func<TOptions, VendorPipeline, TClient> create)
        where TClient : class
        where TOptions : DocScanClientOptions
    {
        // One chain per container and vendor: clients of one container share their account's quota and tokens
        // (a shared provider or store shares them further). The container's TimeProvider is used when it has one;
        // none is registered here, so the user's container keeps what the user put in it.
        services.TryAddSingleton(sp => new VendorChain<TOptions>(
            definition,
            select(sp.GetRequiredService<IOptions<DocScanOptions>>().Value),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(definition.TokenHttpClientName),
            sp,
            sp.GetService<DocScanQuotaProvider>() ?? DocScanQuotaProvider.InProcess,
            sp.GetService<DocScanTokenStore>()));

        // The factory's own loggers print full URIs, and token URIs carry secrets in the query: ours log paths only.
        var token = services.AddHttpClient(definition.TokenHttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, client) => sp.GetRequiredService<VendorChain<TOptions>>().ConfigureTokenClient(client));
        AddHandlers(token, VendorChain<TOptions>.TokenHandlers);

        // The named client's handler chain is what calls go through (see HandlerInvoker); its HttpClient is not used.
        var builder = services.AddHttpClient(definition.HttpClientName)
            .RemoveAllLoggers();
        AddHandlers(builder, VendorChain<TOptions>.ApiHandlers);

        services.TryAddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<VendorChain<TOptions>>();
            var handlers = sp.GetRequiredService<IHttpMessageHandlerFactory>();
            var invoker = new HandlerInvoker(() => handlers.CreateHandler(definition.HttpClientName));
            return create(chain.Options, chain.CreatePipeline(invoker.Current));
        });
        return builder;

        static void AddHandlers(IHttpClientBuilder client, System.Collections.Generic.IReadOnlyList<VendorHandler> kinds)
        {
            foreach (var kind in kinds)
            {
                client.AddHttpMessageHandler(sp => sp.GetRequiredService<VendorChain<TOptions>>().CreateHandler(kind));
            }
        }
    }
}
