using System.Collections.Generic;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.Tests.Esign;

/// <summary>The new vendor settings bind from configuration under the documented keys.</summary>
public class EsignConfigurationTests
{
    [Fact]
    public void Size_limits_field_names_and_token_rejection_messages_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DocScan:Esign:MaxImageBytes"] = "1048576",
            ["DocScan:Esign:TokenRejectionMessages:0"] = "凭证失效",
            ["DocScan:ProcessImage:MaxImageBytes"] = "4194304",
            ["DocScan:ProcessImage:UrlFieldName"] = "image_url",
            ["DocScan:ProcessImage:Base64FieldName"] = "image_base64",
        }).Build();
        var services = new ServiceCollection();
        services.AddDocScanClients(configuration.GetSection("DocScan"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DocScanOptions>>().Value;

        Assert.Equal(1_048_576, options.Esign.MaxImageBytes);
        Assert.Equal(new[] { "凭证失效" }, options.Esign.TokenRejectionMessages);
        Assert.Equal(4_194_304, options.ProcessImage.MaxImageBytes);
        Assert.Equal("image_url", options.ProcessImage.UrlFieldName);
        Assert.Equal("image_base64", options.ProcessImage.Base64FieldName);
        Assert.Equal(EsignClientOptions.DefaultMaxImageBytes, new EsignClientOptions().MaxImageBytes);
        Assert.Equal(ProcessImageClientOptions.DefaultMaxImageBytes, new ProcessImageClientOptions().MaxImageBytes);
    }
}
