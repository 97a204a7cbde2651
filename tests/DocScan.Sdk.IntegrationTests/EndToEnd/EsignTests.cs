using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;

namespace DocScan.Sdk.IntegrationTests.EndToEnd;

public class EsignTests
{
    [Theory]
    [InlineData("Signature")]
    [InlineData("OAuth2")]
    public async Task Text_recognition_returns_the_lines_in_reading_order_in_both_auth_modes(string authMode)
    {
        await using var env = await EmulatedHost.StartAsync(settings: _ => new Dictionary<string, string?> { ["DocScan:Esign:AuthMode"] = authMode });

        var result = await env.Esign.RecognizeTextAsync(ImageInput.FromBytes(TestImages.Png(600, 300, seed: 5)), null, EmulatedHost.Ct);

        Assert.False(string.IsNullOrEmpty(result.VerifyId));
        Assert.Equal(4, result.Lines.Count);
        Assert.All(result.Lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Text)));
        Assert.All(result.Lines, l => Assert.NotNull(l.Box));
        Assert.StartsWith("第四行", result.Lines[3].Text, System.StringComparison.Ordinal);
        Assert.All(result.Lines.Take(3), l => Assert.NotNull(l.PolygonQuad()));
        Assert.Empty(result.Lines[3].Polygon); // the vendor may send "polygon": null
        Assert.Equal(1, result.Attempts);

        var ocr = Assert.Single(await env.CompletedLogAsync(EmulatorVendor.Esign), r => r.Path == "/v2/identity/auth/api/ocr/generalcharacters");
        Assert.Equal(200, ocr.StatusCode);
        Assert.Equal(EmulatorCredentials.EsignAppId, ocr.Header("X-Tsign-Open-App-Id"));
        if (authMode == "Signature")
        {
            Assert.Equal("Signature", ocr.Header("X-Tsign-Open-Auth-Mode"));
            Assert.NotNull(ocr.Header("X-Tsign-Open-Ca-Signature"));
            Assert.Null(ocr.Header("X-Tsign-Open-Token"));
            Assert.Equal(0, env.Emulator.Counters.EsignTokenFetches);
        }
        else
        {
            Assert.NotNull(ocr.Header("X-Tsign-Open-Token"));
            Assert.Null(ocr.Header("X-Tsign-Open-Ca-Signature"));
            Assert.Equal(1, env.Emulator.Counters.EsignTokenFetches);
        }
    }
}
