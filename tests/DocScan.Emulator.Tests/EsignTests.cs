using System;
using System.Linq;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DocScan.Emulator.Esign;
using Microsoft.Extensions.Time.Testing;
using static DocScan.Emulator.Tests.Support;

namespace DocScan.Emulator.Tests;

public sealed class EsignTests
{
    private const string Path = "/v2/identity/auth/api/ocr/generalcharacters";
    private const string WorkedBody = "{\"requestId\":\"123456\",\"image\":\"/9j/4AAQSkZJRgABAQEAS\"}";
    private const string JsonType = "application/json;charset=UTF-8";

    /// <summary>A signature-mode request signed the way vendor-notes.md describes, with the Content-Type sent byte for byte.</summary>
    private static HttpRequestMessage Signed(string body, DateTimeOffset now, string secret = EmulatorCredentials.EsignAppSecret, string? signedBody = null)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        string md5 = EsignSignature.ContentMd5(Encoding.UTF8.GetBytes(signedBody ?? body));
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", JsonType);
        request.Content.Headers.TryAddWithoutValidation("Content-MD5", md5);
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        request.Headers.Add("X-Tsign-Open-App-Id", EmulatorCredentials.EsignAppId);
        request.Headers.Add("X-Tsign-Open-Auth-Mode", "Signature");
        request.Headers.Add("X-Tsign-Open-Ca-Timestamp", now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Tsign-Open-Ca-Signature", EsignSignature.Sign(secret, EsignSignature.StringToSign("POST", "*/*", md5, JsonType, "", Path, "")));
        return request;
    }

    private static string ImageBody(byte[] image) => $"{{\"requestId\":\"r1\",\"image\":\"{Convert.ToBase64String(image)}\"}}";

    [Fact]
    public void The_signer_matches_both_worked_examples()
    {
        string md5 = EsignSignature.ContentMd5(Encoding.UTF8.GetBytes(WorkedBody));
        Assert.Equal(54, Encoding.UTF8.GetByteCount(WorkedBody));
        Assert.Equal("Xh5BxLTDSPRwRDztNfdJcw==", md5);
        Assert.Equal("lKd/fCftZveLX9BoYbUQgE74TKhD2knHXDm96rzp/cY=", EsignSignature.Sign("test-secret-123", EsignSignature.StringToSign("POST", "*/*", md5, JsonType, "", Path, "")));
        Assert.Equal("Z8TqEef4SatGtqI7B+tmkbdfQFhQcMBUvvvFlWF+1nA=", EsignSignature.Sign("test-secret-123", EsignSignature.StringToSign("GET", "*/*", "", "application/json; charset=UTF-8", "", "/v1/oauth-free/example", "?b=2&a=1")));
    }

    [Fact]
    public async Task The_worked_example_request_passes_the_gateway_over_http()
    {
        await using var emulator = await StartAsync(o => o.Esign.AppSecret = "test-secret-123");
        using var http = Client(emulator.EsignBaseAddress);
        var request = Signed(WorkedBody, DateTimeOffset.UtcNow, "test-secret-123");
        Assert.Equal("lKd/fCftZveLX9BoYbUQgE74TKhD2knHXDm96rzp/cY=", request.Headers.GetValues("X-Tsign-Open-Ca-Signature").Single());
        using var response = await http.SendAsync(request, Ct);

        // Past the gateway: the truncated example image is then refused by the OCR itself, in the body.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(30500102, (int)(await ReadJsonAsync(response))["code"]!);
    }

    [Fact]
    public async Task A_signed_ocr_call_returns_text_lines_with_boxes_and_polygons()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.EsignBaseAddress);
        using var response = await http.SendAsync(Signed(ImageBody(PngImage()), DateTimeOffset.UtcNow), Ct);
        var body = await ReadJsonAsync(response);
        Assert.Equal(0, (int)body["code"]!);
        var lines = body["data"]!["textDetections"]!.AsArray();
        Assert.True(lines.Count >= 3);
        Assert.Equal("1", (string)lines[0]!["advancedInfo"]!);
        Assert.Equal(4, lines[0]!["polygon"]!.AsArray().Count);
        Assert.IsType<JsonObject>(lines[0]!["itemPolygon"]);
        Assert.Contains(lines, l => l!["polygon"] is null);
        Assert.Equal(1, emulator.Counters.Charged(EmulatorVendor.Esign));
    }

    [Fact]
    public async Task The_gateway_answers_401_for_a_tampered_body_a_wrong_secret_an_old_timestamp_and_an_unknown_app()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(time: clock);
        using var http = Client(emulator.EsignBaseAddress);
        string body = ImageBody(PngImage());
        var now = clock.GetUtcNow();

        async Task<string> MessageAsync(HttpRequestMessage request)
        {
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var json = await ReadJsonAsync(response);
            Assert.False((bool)json["success"]!);
            Assert.Equal(401, (int)json["code"]!);
            return (string)json["message"]!;
        }

        Assert.Equal("INVALID_CONTENT_MD5", await MessageAsync(Signed(body, now, signedBody: body.Replace("r1", "r2", StringComparison.Ordinal))));
        Assert.Equal("INVALID_SIGNATURE", await MessageAsync(Signed(body, now, "other-secret")));
        Assert.Equal("INVALID_TIMESTAMP", await MessageAsync(Signed(body, now.AddMinutes(-16))));
        var unknownApp = Signed(body, now);
        unknownApp.Headers.Remove("X-Tsign-Open-App-Id");
        unknownApp.Headers.Add("X-Tsign-Open-App-Id", "5111000000");
        Assert.Equal("无效的应用", await MessageAsync(unknownApp));

        // The signed Content-Type must be the one sent: .NET's default "application/json; charset=utf-8" differs.
        var reformatted = Signed(body, now);
        reformatted.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        Assert.Equal("INVALID_SIGNATURE", await MessageAsync(reformatted));

        using var fine = await http.SendAsync(Signed(body, now.AddMinutes(-14)), Ct);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task Missing_and_oversized_images_answer_codes_30500100_and_30500101()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.EsignBaseAddress);
        using (var missing = await http.SendAsync(Signed("{\"requestId\":\"x\"}", DateTimeOffset.UtcNow), Ct))
        {
            Assert.Equal(30500100, (int)(await ReadJsonAsync(missing))["code"]!);
        }

        byte[] big = new byte[(1024 * 1024) + 1];
        PngImage().CopyTo(big, 0);
        using var tooLarge = await http.SendAsync(Signed(ImageBody(big), DateTimeOffset.UtcNow), Ct);
        Assert.Equal(30500101, (int)(await ReadJsonAsync(tooLarge))["code"]!);
    }

    [Fact]
    public async Task OAuth2_tokens_work_and_a_new_token_cuts_the_old_one_to_five_minutes()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(time: clock);
        using var http = Client(emulator.EsignBaseAddress);
        string tokenUrl = $"/v1/oauth2/access_token?appId={EmulatorCredentials.EsignAppId}&secret={EmulatorCredentials.EsignAppSecret}&grantType=client_credentials";

        async Task<JsonNode> TokenAsync(string url)
        {
            using var response = await http.GetAsync(url, Ct);
            var json = await ReadJsonAsync(response);
            Assert.Equal(0, (int)json["code"]!);
            return json["data"]!;
        }

        async Task<HttpStatusCode> OcrAsync(string token)
        {
            var request = Post(Path, Json(ImageBody(PngImage())), ("X-Tsign-Open-App-Id", EmulatorCredentials.EsignAppId), ("X-Tsign-Open-Token", token));
            using var response = await http.SendAsync(request, Ct);
            return response.StatusCode;
        }

        var first = await TokenAsync(tokenUrl);
        long expiresIn = long.Parse((string)first["expiresIn"]!, CultureInfo.InvariantCulture);
        Assert.Equal(clock.GetUtcNow().AddMinutes(120).ToUnixTimeMilliseconds(), expiresIn);
        Assert.Equal(HttpStatusCode.OK, await OcrAsync((string)first["token"]!));

        var second = await TokenAsync(tokenUrl);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, await OcrAsync((string)first["token"]!));
        Assert.Equal(HttpStatusCode.OK, await OcrAsync((string)second["token"]!));

        var refreshed = await TokenAsync($"/v1/oauth2/refresh_token?appId={EmulatorCredentials.EsignAppId}&refreshToken={(string)second["refreshToken"]!}&grantType=refresh_token");
        Assert.Equal(HttpStatusCode.OK, await OcrAsync((string)refreshed["token"]!));
        Assert.Equal((2, 1), (emulator.Counters.EsignTokenFetches, emulator.Counters.EsignTokenRefreshes));
        Assert.Equal(HttpStatusCode.Unauthorized, await OcrAsync("not-a-token"));
        Assert.Equal("TOKEN错误", (await emulator.Requests.CompletedAsync(emulator.Requests.Count, Ct))[^1].VendorCode);
    }
}
