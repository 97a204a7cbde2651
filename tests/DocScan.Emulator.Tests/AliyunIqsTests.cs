using System;
using System.Net;
using System.Threading.Tasks;
using static DocScan.Emulator.Tests.Support;

namespace DocScan.Emulator.Tests;

public sealed class AliyunIqsTests
{
    private static readonly (string, string) Bearer = ("Authorization", "Bearer " + EmulatorCredentials.AliyunIqsApiKey);

    [Fact]
    public async Task An_unknown_key_answers_404_InvalidAccessKeyId_NotFound()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.AliyunIqsBaseAddress);
        using var response = await http.SendAsync(Post("/scan/file", Json(new { imageUrl = "https://example.com/a.jpg" }), ("Authorization", "Bearer wrong")), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("InvalidAccessKeyId.NotFound", (string)body["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["requestId"]));
    }

    [Fact]
    public async Task ScanFile_returns_a_valid_png_whose_size_matches_the_reply()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.AliyunIqsBaseAddress);
        var request = new { imageBase64 = Convert.ToBase64String(PngImage(640, 480)), scanFileInputConfig = new { autoCrop = "false", autoRotate = "force" } };
        using var response = await http.SendAsync(Post("/scan/file", Json(request), Bearer), Ct);
        var page = (await ReadJsonAsync(response))["scanFileInfoList"]![0]!;
        Assert.True(IsPng(Convert.FromBase64String((string)page["imageBase64"]!), out int width, out int height));
        Assert.Equal(((int)page["width"]!, (int)page["height"]!), (width, height));
        Assert.Equal((640, 480), (width, height));
    }

    [Fact]
    public async Task A_boolean_autoCrop_is_refused_because_the_vendor_types_it_as_a_string()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.AliyunIqsBaseAddress);
        using var response = await http.SendAsync(Post("/scan/file", Json("{\"imageUrl\":\"https://example.com/a.jpg\",\"scanFileInputConfig\":{\"autoCrop\":true}}"), Bearer), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameter", (string)(await ReadJsonAsync(response))["code"]!);
    }

    [Fact]
    public async Task A_trial_key_past_its_daily_limit_answers_429_TestUserQueryExceeded_until_the_next_china_day()
    {
        var clock = Clock(); // 08:00 UTC = 16:00 in China
        await using var emulator = await StartAsync(o => o.AliyunIqs.TrialDailyLimit = 2, clock);
        using var http = Client(emulator.AliyunIqsBaseAddress);
        var trial = ("Authorization", "Bearer " + EmulatorCredentials.AliyunIqsTrialApiKey);
        for (int i = 0; i < 2; i++)
        {
            using var ok = await http.SendAsync(Post("/scan/file", Json(new { imageUrl = "https://example.com/a.jpg" }), trial), Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var over = await http.SendAsync(Post("/scan/file", Json(new { imageUrl = "https://example.com/a.jpg" }), trial), Ct))
        {
            Assert.Equal((HttpStatusCode)429, over.StatusCode);
            Assert.Equal("Retrieval.TestUserQueryExceeded", (string)(await ReadJsonAsync(over))["code"]!);
        }

        clock.Advance(TimeSpan.FromHours(8));
        using var nextDay = await http.SendAsync(Post("/scan/file", Json(new { imageUrl = "https://example.com/a.jpg" }), trial), Ct);
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
    }
}
