using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.Tests.AliyunIqs;

public class AliyunIqsRegistrationTests
{
    [Fact]
    public async Task Client_from_a_container_sends_the_configured_key_as_bearer_and_keeps_the_timeout_defaults()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AliyunIqs:ApiKey"] = Iqs.Key,
        }).Build();
        var (_, mock, route, recorder) = Iqs.Create();
        var services = new ServiceCollection();
        services.AddDocScanClients(config).AliyunIqs.ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAliyunIqsClient>().ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken);

        var options = provider.GetRequiredService<IOptions<DocScanOptions>>().Value.AliyunIqs;
        Assert.Equal(TimeSpan.FromMinutes(3), options.TotalTimeout);
        Assert.True(options.AttemptTimeout > TimeSpan.FromSeconds(25));
        Assert.Equal("Bearer " + Iqs.Key, Assert.Single(recorder.Requests).Headers.Authorization?.ToString());
        Assert.Equal(1, mock.GetMatchCount(route));
        Assert.Single(result.Pages);
    }
}
