using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.Qingyang;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.Tests.Qingyang;

public class QingyangRegistrationTests
{
    [Fact]
    public async Task Client_from_a_container_reads_the_key_and_limits_from_configuration()
    {
        var largeJpeg = new byte[1001];
        QingyangWireFormatTests.Jpeg.CopyTo(largeJpeg, 0);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Qingyang:ApiKey"] = QingyangWireFormatTests.Key,
            ["Qingyang:MaxImageBytes"] = "1000",
        }).Build();
        var (_, mock, route, recorder) = QingyangWireFormatTests.Create();
        var services = new ServiceCollection();
        services.AddDocScanClients(config).Qingyang.ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IQingyangClient>();

        await client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: TestContext.Current.CancellationToken);
        var tooLarge = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(largeJpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1000, provider.GetRequiredService<IOptions<DocScanOptions>>().Value.Qingyang.MaxImageBytes);
        Assert.Equal(QingyangWireFormatTests.Key, Assert.Single(recorder.Requests).Header("X-Auth-Key"));
        Assert.Equal(DocScanErrorKind.InvalidRequest, tooLarge.Kind);
        Assert.Equal(1, mock.GetMatchCount(route));
    }
}
