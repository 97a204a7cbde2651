using System;
using DocScan.Sdk;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.DependencyInjection;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DocScan clients in a service collection.</summary>
public static class DocScanServiceCollectionExtensions
{
    /// <summary>Registers every DocScan client with default options (configure them elsewhere with <c>Configure&lt;DocScanOptions&gt;</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to reach each vendor's <see cref="IHttpClientBuilder"/>.</returns>
    public static DocScanClientsBuilder AddDocScanClients(this IServiceCollection services)
        => AddCore(services, null, null);

    /// <summary>Registers every DocScan client, binding options from <paramref name="configuration"/> (the <c>DocScan</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>DocScan</c> section, with one sub-section per vendor (<c>ClipImg</c>, <c>Qingyang</c>, <c>ProcessImage</c>, <c>AliyunIqs</c>, <c>Esign</c>).</param>
    /// <returns>A builder to reach each vendor's <see cref="IHttpClientBuilder"/>.</returns>
    /// <remarks>Options are validated when the host starts; every problem is listed in one <see cref="OptionsValidationException"/>.</remarks>
    public static DocScanClientsBuilder AddDocScanClients(this IServiceCollection services, IConfiguration configuration)
        => AddCore(services, configuration ?? throw new ArgumentNullException(nameof(configuration)), null);

    /// <summary>Registers every DocScan client, with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to reach each vendor's <see cref="IHttpClientBuilder"/>.</returns>
    /// <remarks>Options are validated when the host starts; every problem is listed in one <see cref="OptionsValidationException"/>.</remarks>
    public static DocScanClientsBuilder AddDocScanClients(this IServiceCollection services, Action<DocScanOptions> configure)
        => AddCore(services, null, configure ?? throw new ArgumentNullException(nameof(configure)));

    private static DocScanClientsBuilder AddCore(IServiceCollection services, IConfiguration? configuration, Action<DocScanOptions>? configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = services.AddOptions<DocScanOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DocScanOptions>, DocScanOptionsValidator>());

        var clipImg = VendorRegistration.Add<IClipImgClient, ClipImgClientOptions>(services, ClipImgClient.Definition, o => o.ClipImg, static (o, p) => new ClipImgClient(o, p));
        var qingyang = VendorRegistration.Add<IQingyangClient, QingyangClientOptions>(services, QingyangClient.Definition, o => o.Qingyang, static (o, p) => new QingyangClient(o, p));
        var aliyunIqs = VendorRegistration.Add<IAliyunIqsClient, AliyunIqsClientOptions>(services, AliyunIqsClient.Definition, o => o.AliyunIqs, static (o, p) => new AliyunIqsClient(o, p));
        var esign = VendorRegistration.Add<IEsignClient, EsignClientOptions>(services, EsignClient.Definition, o => o.Esign, static (o, p) => new EsignClient(o, p));
        var processImage = VendorRegistration.Add<IProcessImageClient, ProcessImageClientOptions>(services, ProcessImageClient.Definition, o => o.ProcessImage, static (o, p) => new ProcessImageClient(o, p));
        return new DocScanClientsBuilder(services) { ClipImg = clipImg, Qingyang = qingyang, ProcessImage = processImage, AliyunIqs = aliyunIqs, Esign = esign };
    }
}

/// <summary>What <c>AddDocScanClients</c> registered: each vendor's named HttpClient, to add a handler or a proxy.</summary>
public sealed class DocScanClientsBuilder
{
    internal DocScanClientsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>ClipImg's HttpClient (named <c>DocScan.ClipImg</c>).</summary>
    public IHttpClientBuilder ClipImg { get; internal init; } = null!;

    /// <summary>Qingyang's HttpClient (named <c>DocScan.Qingyang</c>).</summary>
    public IHttpClientBuilder Qingyang { get; internal init; } = null!;

    /// <summary>Aliyun IQS's HttpClient (named <c>DocScan.AliyunIqs</c>).</summary>
    public IHttpClientBuilder AliyunIqs { get; internal init; } = null!;

    /// <summary>processimage.cn's HttpClient (named <c>DocScan.ProcessImage</c>).</summary>
    public IHttpClientBuilder ProcessImage { get; internal init; } = null!;

    /// <summary>e签宝's HttpClient (named <c>DocScan.Esign</c>).</summary>
    public IHttpClientBuilder Esign { get; internal init; } = null!;
}
