using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using static DocScan.Sdk.Tests.Esign.EsignTestKit;

namespace DocScan.Sdk.Tests.Esign;

public class EsignRegistrationTests
{
    /// <summary>Registers the clients with <c>AddDocScanClients</c>, with configuration keys as users write them.</summary>
    private static ServiceProvider Build(Dictionary<string, string?> settings, MockHttpMessageHandler mock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddDocScanClients(configuration.GetSection("DocScan")).Esign.ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddHttpClient("DocScan.Esign.Token").ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Configuration_selects_the_sandbox_and_OAuth2_for_an_injected_client()
    {
        var mock = new MockHttpMessageHandler();
        var token = mock.When(HttpMethod.Get, "https://smlopenapi.esign.cn/v1/oauth2/access_token")
            .Respond(_ => Json("{\"code\":0,\"data\":{\"token\":\"tok\",\"expiresIn\":\"" + DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds() + "\",\"refreshToken\":\"r\"}}"));
        var ocr = mock.When(HttpMethod.Post, "https://smlopenapi.esign.cn/v2/identity/auth/api/ocr/generalcharacters")
            .WithHeaders("X-Tsign-Open-Token", "tok")
            .Respond(_ => Json(DocumentedResponse));
        using var provider = Build(
            new()
            {
                ["DocScan:Esign:Environment"] = "Sandbox",
                ["DocScan:Esign:AuthMode"] = "OAuth2",
                ["DocScan:Esign:AppId"] = "7438000001",
                ["DocScan:Esign:AppSecret"] = Secret,
            },
            mock);

        var result = await provider.GetRequiredService<IEsignClient>().RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(1, mock.GetMatchCount(token));
        Assert.Equal(1, mock.GetMatchCount(ocr));
    }

    [Fact]
    public void An_app_id_without_a_secret_is_reported_when_options_are_read()
    {
        using var provider = Build(new() { ["DocScan:Esign:AppId"] = AppId }, new MockHttpMessageHandler());

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DocScanOptions>>().Value);

        Assert.Contains("DocScan:Esign:AppSecret is required", e.Message, StringComparison.Ordinal);
    }
}
