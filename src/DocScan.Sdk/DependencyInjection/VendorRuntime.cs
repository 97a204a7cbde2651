using System;
using System.Net.Http;
using System.Threading;
using DocScan.Sdk.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.DependencyInjection;

/// <summary>
/// One vendor's singleton state in a container: its options, and its authenticator (which may cache
/// tokens, so it must outlive the handler chains IHttpClientFactory rotates).
/// </summary>
internal sealed class VendorRuntime<TOptions>
    where TOptions : DocScanClientOptions
{
    public VendorRuntime(VendorDefinition<TOptions> definition, TOptions options, IServiceProvider services)
    {
        Definition = definition;
        Options = options;
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        LoggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var factory = services.GetRequiredService<IHttpClientFactory>();
        Account = definition.AccountOf(options);

        // Clients of one container share their account's quota and tokens (a shared provider or store shares them further).
        Scope = services;
        Quotas = services.GetService<DocScanQuotaProvider>() ?? DocScanQuotaProvider.InProcess;
        Authenticator = definition.CreateAuthenticator(options, new VendorServices(Time, LoggerFactory, () => factory.CreateClient(definition.TokenHttpClientName), Account, Scope, services.GetService<DocScanTokenStore>()));
    }

    /// <summary>The container: accounts are shared within it.</summary>
    public object Scope { get; }

    /// <summary>The vendor account of these options.</summary>
    public DocScanAccount Account { get; }

    /// <summary>Where the account's quota comes from: the container's provider (Redis), or the in-process one.</summary>
    public DocScanQuotaProvider Quotas { get; }

    public VendorDefinition<TOptions> Definition { get; }

    public TOptions Options { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    public RequestAuthenticator Authenticator { get; }

    public LoggingHandler CreateLoggingHandler()
        => new(LoggerFactory.CreateLogger("DocScan.Sdk." + Definition.Name), Definition.RequestIdHeaders, Options.LoggedHeaders, Time);
}

/// <summary>Registers one vendor: its named HttpClients, its singleton state and its client interface.</summary>
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
        services.TryAddSingleton(sp => new VendorRuntime<TOptions>(definition, select(sp.GetRequiredService<IOptions<DocScanOptions>>().Value), sp));

        // The token client: same logging, no auth handler, never retried by the pipeline.
        // The factory's own loggers print full URIs, and token URIs carry secrets in the query: ours log paths only.
        services.AddHttpClient(definition.TokenHttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient((sp, client) =>
            {
                var runtime = sp.GetRequiredService<VendorRuntime<TOptions>>();
                client.BaseAddress = runtime.Options.EffectiveBaseAddress;
                client.Timeout = runtime.Options.AttemptTimeout;
            })
            .AddHttpMessageHandler(sp => sp.GetRequiredService<VendorRuntime<TOptions>>().CreateLoggingHandler());

        // Polly runs around the HttpClient, so the client itself must never time out on its own.
        var builder = services.AddHttpClient(definition.HttpClientName)
            .RemoveAllLoggers()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp => new AuthHandler(sp.GetRequiredService<VendorRuntime<TOptions>>().Authenticator))
            .AddHttpMessageHandler(sp => sp.GetRequiredService<VendorRuntime<TOptions>>().CreateLoggingHandler());

        services.TryAddSingleton(sp =>
        {
            var runtime = sp.GetRequiredService<VendorRuntime<TOptions>>();
            var pipeline = VendorPipeline.FromFactory(definition, runtime.Options, sp.GetRequiredService<IHttpClientFactory>(), runtime.LoggerFactory, runtime.Time, runtime.Quotas, runtime.Scope);
            return create(runtime.Options, pipeline);
        });
        return builder;
    }
}

/// <summary>Validates every vendor section at start-up and lists every problem at once.</summary>
internal sealed class DocScanOptionsValidator : IValidateOptions<DocScanOptions>
{
    public ValidateOptionsResult Validate(string? name, DocScanOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
