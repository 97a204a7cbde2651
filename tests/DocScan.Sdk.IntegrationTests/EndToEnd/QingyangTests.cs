using System;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk.IntegrationTests.EndToEnd;

public class QingyangTests
{
    [Fact]
    public async Task Recognize_uploads_the_file_as_multipart_and_reads_the_id_card_front_fields()
    {
        await using var env = await EmulatedHost.StartAsync();

        var result = await env.Qingyang.RecognizeAsync(ImageInput.FromBytes(TestImages.Png(800, 500, seed: 3), "id-front.png"), null, EmulatedHost.Ct);

        Assert.Contains(QingyangCardType.IdCardFront, result.CardTypes);
        var front = Assert.Single(result.Documents).AsIdCardFront();
        Assert.NotNull(front);
        Assert.False(string.IsNullOrEmpty(front!.Name));
        Assert.Matches("^[0-9]{17}[0-9X]$", front.IdNumber);
        Assert.True(result.Usage.TotalTokens > 0);
        Assert.Equal(1, result.Attempts);

        var request = Assert.Single(await env.CompletedLogAsync(EmulatorVendor.Qingyang));
        Assert.StartsWith("multipart/form-data", request.Header("Content-Type"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(EmulatorCredentials.QingyangAuthKey, request.Header("X-Auth-Key"));
        Assert.Equal(1, env.Emulator.Counters.Charged(EmulatorVendor.Qingyang));
    }

    [Fact]
    public async Task Recognize_sends_a_url_as_file_url_with_the_category_and_gets_the_same_typed_result()
    {
        await using var env = await EmulatedHost.StartAsync();

        var result = await env.Qingyang.RecognizeAsync(
            ImageInput.FromUrl("https://files.example.com/scans/id-front.jpg"),
            new QingyangRecognizeOptions { Category = QingyangCardType.IdCardFront },
            EmulatedHost.Ct);

        var front = Assert.Single(result.Documents).AsIdCardFront();
        Assert.NotNull(front);
        Assert.False(string.IsNullOrEmpty(front!.IdNumber));

        var request = Assert.Single(await env.CompletedLogAsync(EmulatorVendor.Qingyang));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, request.StatusCode);
    }

    [Fact]
    public async Task Recognize_server_file_sends_the_path_as_file_url_and_the_service_echoes_it()
    {
        await using var env = await EmulatedHost.StartAsync();

        var result = await env.Qingyang.RecognizeServerFileAsync("/data/uploads/id-front.jpg", new QingyangRecognizeServerFileOptions { Category = QingyangCardType.IdCardFront }, EmulatedHost.Ct);

        Assert.NotNull(Assert.Single(result.Documents).AsIdCardFront());
        Assert.Equal("/data/uploads/id-front.jpg", result.FilePath);
        Assert.Equal("id-front.jpg", result.FileName);
    }
}
