using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using static DocScan.Emulator.Tests.Support;

namespace DocScan.Emulator.Tests;

public sealed class QingyangTests
{
    private static MultipartFormDataContent Upload(byte[] file, string fileName = "idcard.png", string mediaType = "image/png")
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new MultipartFormDataContent { { part, "file", fileName } };
    }

    [Fact]
    public async Task A_missing_key_answers_401_and_a_wrong_key_403()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.QingyangBaseAddress);
        using var missing = await http.SendAsync(Post("/ocr", Upload(PngImage())), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Missing X-Auth-Key header", (string)(await ReadJsonAsync(missing))["error"]!);
        using var wrong = await http.SendAsync(Post("/ocr", Upload(PngImage()), ("X-Auth-Key", "nope")), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("Invalid auth key", (string)(await ReadJsonAsync(wrong))["error"]!);
    }

    [Fact]
    public async Task A_multipart_file_returns_the_id_card_front_fields()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.QingyangBaseAddress);
        using var response = await http.SendAsync(Post("/ocr", Upload(PngImage()), ("X-Auth-Key", EmulatorCredentials.QingyangAuthKey)), Ct);
        var body = await ReadJsonAsync(response);
        Assert.True((bool)body["success"]!);
        Assert.Equal("身份证正面", (string)body["cardType"]!);
        Assert.Equal("idcard.png", (string)body["fileName"]!);
        var card = body["result"]![0]!;
        foreach (string field in new[] { "name", "gender", "ethnicity", "birth_date", "address", "id_number" })
        {
            Assert.False(string.IsNullOrEmpty((string?)card[field]), field);
        }

        Assert.Equal(1, emulator.Counters.Charged(EmulatorVendor.Qingyang));
    }

    [Fact]
    public async Task A_json_file_url_with_a_category_is_recognised_without_an_upload()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.QingyangBaseAddress);
        using var response = await http.SendAsync(Post("/ocr", Json(new { file_url = "https://example.com/cards/bank.jpg", category = "银行卡" }), ("X-Auth-Key", EmulatorCredentials.QingyangAuthKey)), Ct);
        var body = await ReadJsonAsync(response);
        Assert.Equal("银行卡", (string)body["cardType"]!);
        Assert.Equal("bank.jpg", (string)body["fileName"]!);
        Assert.Equal("https://example.com/cards/bank.jpg", (string)body["filePath"]!);
    }

    [Fact]
    public async Task Neither_file_nor_file_url_answers_400_with_the_envelope()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.QingyangBaseAddress);
        using var response = await http.SendAsync(Post("/ocr", Json(new { category = "身份证" }), ("X-Auth-Key", EmulatorCredentials.QingyangAuthKey)), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.False((bool)body["success"]!);
        Assert.Equal("Missing required parameter: file or file_url", (string)body["error"]!);
    }

    [Fact]
    public async Task A_file_over_10_MiB_answers_413()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.QingyangBaseAddress);
        byte[] big = new byte[(10 * 1024 * 1024) + 1];
        PngImage().CopyTo(big, 0);
        using var response = await http.SendAsync(Post("/ocr", Upload(big), ("X-Auth-Key", EmulatorCredentials.QingyangAuthKey)), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("File size exceeds maximum limit of 10MB", (string)(await ReadJsonAsync(response))["error"]!);
        Assert.True((await emulator.Requests.CompletedAsync(1, Ct))[0].BodyBytes > big.Length, "the log counts the whole multipart body");
    }
}
