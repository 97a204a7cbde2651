using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DocScan.Emulator.ProcessImage;
using static DocScan.Emulator.Tests.Support;

namespace DocScan.Emulator.Tests;

public sealed class ProcessImageTests
{
    private const string WorkedAppId = "AbCdEfGh12345678";
    private const string WorkedSecret = "0123456789abcdefABCDEF!@#$%^&*()";

    private static HttpRequestMessage Signed(byte[] image, string appId = EmulatorCredentials.ProcessImageAppId, string secret = EmulatorCredentials.ProcessImageAppSecret, string salt = "12345678", string? sign = null, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(image);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(part, "uploadFile", "photo.png");
        form.Add(new StringContent(appId), "appId");
        form.Add(new StringContent(salt), "salt");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return Post("/watermark/access", form, ("x-access-api-sign", sign ?? ProcessImageApi.Signature(appId, image, salt, secret)));
    }

    private static async Task<JsonObject> SendAsync(HttpClient http, HttpRequestMessage request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(expected, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    [Fact]
    public void The_signature_matches_the_worked_example()
        => Assert.Equal("0a14113738b23ed53fb63040f77de23b", ProcessImageApi.Signature(WorkedAppId, WorkedExampleImage(), "12345678", WorkedSecret));

    [Fact]
    public async Task The_worked_example_request_is_accepted_over_http()
    {
        await using var emulator = await StartAsync(o =>
        {
            o.ProcessImage.AppId = WorkedAppId;
            o.ProcessImage.AppSecret = WorkedSecret;
        });
        using var http = Client(emulator.ProcessImageBaseAddress);
        var body = await SendAsync(http, Signed(WorkedExampleImage(), WorkedAppId, WorkedSecret, sign: "0a14113738b23ed53fb63040f77de23b"));
        Assert.Equal(200, (int)body["httpCode"]!);
        Assert.Equal(0, (int)body["data"]!["processStatus"]!);
        Assert.Equal("d9a23edce65abcc946e0fa5ed3ba3b92", (string)body["encryptedInfo"]!["imageUniqueIdentification"]!);
        Assert.NotNull(body["callSuccessful"]);
    }

    [Theory]
    [InlineData("12345678", "0a14113738b23ed53fb63040f77de23c", 401)]
    [InlineData("01234567", null, 400)]
    [InlineData("1234567", null, 400)]
    public async Task A_bad_signature_or_salt_answers_http_200_with_the_status_in_httpCode(string salt, string? sign, int httpCode)
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.ProcessImageBaseAddress);
        var body = await SendAsync(http, Signed(PngImage(), salt: salt, sign: sign));
        Assert.Equal(httpCode, (int)body["httpCode"]!);
        Assert.Equal(52001, (int)body["data"]!["processStatus"]!);
    }

    [Fact]
    public async Task A_third_call_within_one_second_answers_httpCode_429()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(time: clock);
        using var http = Client(emulator.ProcessImageBaseAddress);
        Assert.Equal(200, (int)(await SendAsync(http, Signed(PngImage(401, 300))))["httpCode"]!);
        Assert.Equal(200, (int)(await SendAsync(http, Signed(PngImage(402, 300))))["httpCode"]!);
        Assert.Equal(429, (int)(await SendAsync(http, Signed(PngImage(403, 300))))["httpCode"]!);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await SendAsync(http, Signed(PngImage(404, 300))))["httpCode"]!);
    }

    [Fact]
    public async Task A_repeated_identical_image_is_answered_from_cache_with_304_and_not_charged_until_5_hours_pass()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(o => o.ProcessImage.RequestsPerSecond = null, clock);
        using var http = Client(emulator.ProcessImageBaseAddress);
        var first = await SendAsync(http, Signed(PngImage()));
        int remaining = (int)first["remainingUsage"]!;
        var second = await SendAsync(http, Signed(PngImage(), salt: "87654321"));
        Assert.Equal(304, (int)second["httpCode"]!);
        Assert.Equal((string)first["data"]!["url"]!, (string)second["data"]!["url"]!);
        Assert.Equal(remaining, (int)second["remainingUsage"]!);
        Assert.Equal(1, emulator.Counters.Charged(EmulatorVendor.ProcessImage));

        using (var image = await http.GetAsync(new Uri((string)first["data"]!["url"]!), Ct))
        {
            Assert.Equal(PngImage(), await image.Content.ReadAsByteArrayAsync(Ct));
        }

        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(200, (int)(await SendAsync(http, Signed(PngImage())))["httpCode"]!);
        using var expired = await http.GetAsync(new Uri((string)first["data"]!["url"]!), Ct);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    [Fact]
    public async Task An_image_over_4_MiB_answers_httpCode_413_and_an_unsupported_type_a_real_415()
    {
        await using var emulator = await StartAsync(o => o.ProcessImage.RequestsPerSecond = null);
        using var http = Client(emulator.ProcessImageBaseAddress);
        byte[] big = new byte[(4 * 1024 * 1024) + 1];
        PngImage().CopyTo(big, 0);
        Assert.Equal(413, (int)(await SendAsync(http, Signed(big)))["httpCode"]!);
        Assert.Equal(415, (int)(await SendAsync(http, Signed("GIF89a-not-supported"u8.ToArray()), HttpStatusCode.UnsupportedMediaType))["httpCode"]!);
    }

    [Fact]
    public async Task OcrOnly_returns_regions_with_processStatus_52006_and_no_url()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.ProcessImageBaseAddress);
        var data = (await SendAsync(http, Signed(PngImage(), fields: ("ocrOnly", "true"))))["data"]!;
        Assert.Equal(52006, (int)data["processStatus"]!);
        Assert.Null(data["url"]);
        Assert.Equal(2, data["processLocation"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("sync", "True")]
    [InlineData("offset", "{\"+x\":1,\"-x\":1,\"+y\":1,\"-y\":1,\"+w\":1}")]
    [InlineData("rectangles", "[{\"x\":1,\"y\":2,\"w\":3}]")]
    [InlineData("watermarkNames", "{\"items\":[]}")]
    [InlineData("sync", "true")]
    public async Task Malformed_options_answer_httpCode_400(string field, string value)
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.ProcessImageBaseAddress);
        Assert.Equal(400, (int)(await SendAsync(http, Signed(PngImage(), fields: (field, value))))["httpCode"]!);
    }

    [Fact]
    public async Task Token_mode_works_with_a_token_from_the_emulator_endpoint_until_it_expires()
    {
        var clock = Clock();
        await using var emulator = await StartAsync(o => o.ProcessImage.RequestsPerSecond = null, clock);
        using var http = Client(emulator.ProcessImageBaseAddress);
        var tokenReply = await SendAsync(http, Post(emulator.ProcessImageTokenUrl.ToString(), new FormUrlEncodedContent([new("appId", EmulatorCredentials.ProcessImageAppId), new("appSecret", EmulatorCredentials.ProcessImageAppSecret)])));
        string token = (string)tokenReply["data"]!["token"]!;
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal(1800, (int)tokenReply["data"]!["expiresIn"]!);
        Assert.Equal(1, emulator.Counters.ProcessImageTokenFetches);

        HttpRequestMessage WithToken(int width)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(PngImage(width, 100)), "uploadFile", "a.png" } };
            return Post("/watermark/access", form, ("x-access-api-token", token));
        }

        Assert.Equal(200, (int)(await SendAsync(http, WithToken(100)))["httpCode"]!);
        clock.Advance(TimeSpan.FromMinutes(34)); // 30 minutes plus most of the 5-minute grace
        Assert.Equal(200, (int)(await SendAsync(http, WithToken(101)))["httpCode"]!);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(401, (int)(await SendAsync(http, WithToken(102)))["httpCode"]!);
    }

    [Fact]
    public async Task Asynchronous_mode_acknowledges_with_52000_and_posts_the_result_to_the_callback()
    {
        await using var emulator = await StartAsync();
        using var listener = new HttpListener();
        int port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/cb/");
        listener.Start();
        var received = ReceiveAsync(listener);

        using var http = Client(emulator.ProcessImageBaseAddress);
        var ack = await SendAsync(http, Signed(PngImage(), fields: [("sync", "true"), ("callback", $"http://127.0.0.1:{port}/cb/")]));
        Assert.Equal(52000, (int)ack["data"]!["processStatus"]!);

        var posted = (JsonObject)JsonNode.Parse(await received.WaitAsync(TimeSpan.FromSeconds(10), Ct))!;
        Assert.Equal(0, (int)posted["data"]!["processStatus"]!);
        Assert.NotNull(posted["data"]!["url"]);
        Assert.IsType<JsonObject>(posted["limitedTermExpireTimes"]);
        for (int i = 0; i < 50 && emulator.Counters.CallbacksDelivered == 0; i++)
        {
            await Task.Delay(20, Ct);
        }

        var delivery = Assert.Single(emulator.ProcessImageCallbacks);
        Assert.True(delivery.Delivered);
        Assert.Equal(1, delivery.Attempts);
    }

    private static async Task<string> ReceiveAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var reader = new System.IO.StreamReader(context.Request.InputStream);
        string body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 200;
        context.Response.Close();
        return body;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
