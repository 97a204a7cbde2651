using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;
using RichardSzalay.MockHttp;
using static DocScan.Sdk.Tests.Esign.EsignTestKit;

namespace DocScan.Sdk.Tests.Esign;

/// <summary>e签宝: the page's ambiguities pinned, token errors in the body, and answers that must not escape or hang.</summary>
public class EsignFidelityTests
{
    private const string AccessUrl = "https://openapi.esign.cn/v1/oauth2/access_token";

    private static string TokenAnswer(string token)
        => "{\"code\":0,\"message\":\"成功\",\"data\":{\"token\":\"" + token + "\",\"expiresIn\":" + DateTimeOffset.UtcNow.AddMinutes(120).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"refreshToken\":\"\"}}";

    private static string Detection(string itemPolygon)
        => Ok("{\"textDetections\":[{\"advancedInfo\":\"1\",\"detectedText\":\"行\",\"itemPolygon\":" + itemPolygon + ",\"polygon\":null}]}");

    private static EsignClient Client(HttpResponseMessage answer)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, OcrUrl).Respond(_ => answer);
        return new EsignClient(Options(), mock, null, null);
    }

    [Theory]
    [InlineData("""{"x":37,"y":34,"width":368,"height":37}""")]
    [InlineData("""  "{\"x\":37,\"y\":34,\"width\":368,\"height\":37}" """)]
    [InlineData("""{"x":"37","y":"34","width":"368","height":"37"}""")]
    public async Task ItemPolygon_is_read_as_an_object_or_as_a_string_holding_its_json(string itemPolygon)
    {
        using var client = Client(Json(Detection(itemPolygon)));

        var line = Assert.Single((await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken)).Lines);

        Assert.Equal(new EsignTextBox(37, 34, 368, 37), line.Box);
        Assert.Null(line.ItemPolygonText);
    }

    [Theory]
    [InlineData("\"37,34,368,37\"", "37,34,368,37")]
    [InlineData("\"{not json\"", "{not json")]
    [InlineData("[37,34,368,37]", "[37,34,368,37]")]
    [InlineData("42", "42")]
    public async Task An_itemPolygon_that_is_not_a_box_keeps_its_text_and_never_fails_the_charged_call(string itemPolygon, string raw)
    {
        using var client = Client(Json(Detection(itemPolygon)));

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        var line = Assert.Single(result.Lines);
        Assert.Equal("行", line.Text);
        Assert.Null(line.Box);
        Assert.Equal(raw, line.ItemPolygonText);
    }

    [Fact]
    public async Task Invalid_utf8_in_the_ocr_answer_keeps_the_result()
    {
        byte[] body = Encoding.UTF8.GetBytes(Ok("{\"verifyId\":\"v\",\"textDetections\":[{\"advancedInfo\":\"1\",\"detectedText\":\"A#B\",\"itemPolygon\":\"#\",\"polygon\":null,\"#\":1}]}"))
            .Select(b => b == (byte)'#' ? (byte)0xFF : b).ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var client = Client(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("A\uFFFDB", Assert.Single(result.Lines).Text);
        Assert.Equal("v", result.VerifyId);
    }

    [Fact]
    public async Task An_error_message_with_invalid_utf8_keeps_its_code()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"code\":30500101,\"message\":\"#\"}").Select(b => b == (byte)'#' ? (byte)0xFF : b).ToArray();
        using var client = Client(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("30500101", e.VendorCode);
        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
    }

    public static TheoryData<HttpStatusCode, string> TokenErrorsInTheBody => new()
    {
        { HttpStatusCode.OK, """{"success":false,"code":401,"message":"TOKEN错误"}""" },
        { HttpStatusCode.OK, """{"code":401,"message":"token已过期"}""" },
        { HttpStatusCode.OK, """{"code":30500999,"message":"Token invalid"}""" },
        { HttpStatusCode.Forbidden, """{"code":"401","message":"TOKEN错误"}""" },
        { HttpStatusCode.Unauthorized, """{"success":false,"code":401,"message":"TOKEN错误"}""" },
    };

    [Theory]
    [MemberData(nameof(TokenErrorsInTheBody))]
    public async Task A_token_error_in_the_body_refreshes_the_token_once_and_resends(HttpStatusCode status, string body)
    {
        var mock = new MockHttpMessageHandler();
        int fetches = 0;
        var access = mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-" + Interlocked.Increment(ref fetches))));
        var sent = new ConcurrentQueue<string>();
        mock.When(HttpMethod.Post, OcrUrl).Respond(r =>
        {
            sent.Enqueue(r.Headers.GetValues("X-Tsign-Open-Token").Single());
            return sent.Count == 1 ? Json(body, status) : Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, null);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(new[] { "tok-1", "tok-2" }, sent);
        Assert.Equal(2, mock.GetMatchCount(access));
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task A_token_error_in_the_body_again_after_the_refresh_is_an_authentication_error_without_looping()
    {
        var mock = new MockHttpMessageHandler();
        int fetches = 0;
        mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-" + Interlocked.Increment(ref fetches))));
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Json("""{"code":401,"message":"TOKEN错误"}"""));
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("even after one refresh", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, mock.GetMatchCount(ocr));
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Configured_token_rejection_messages_are_recognised_too()
    {
        var mock = new MockHttpMessageHandler();
        int fetches = 0;
        mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-" + Interlocked.Increment(ref fetches))));
        int calls = 0;
        mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Interlocked.Increment(ref calls) == 1 ? Json("""{"code":10086,"message":"凭证失效"}""") : Json(DocumentedResponse));
        var options = Options(EsignAuthMode.OAuth2);
        options.TokenRejectionMessages.Add("凭证失效");
        using var client = new EsignClient(options, mock, null, null);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task A_business_error_is_not_mistaken_for_a_token_error()
    {
        var mock = new MockHttpMessageHandler();
        var access = mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-1")));
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Json("""{"code":30500101,"message":"参数错误:文件大小超出限制,最大1MB"}"""));
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(1, mock.GetMatchCount(access));
        Assert.Equal(1, mock.GetMatchCount(ocr));
    }

    [Fact]
    public async Task A_401_whose_body_stalls_after_the_headers_ends_as_a_timeout_within_the_total_timeout()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-1")));
        mock.When(HttpMethod.Post, OcrUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StreamContent(new StallingStream()) });
        var options = Options(EsignAuthMode.OAuth2);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        options.TotalTimeout = TimeSpan.FromSeconds(1);
        using var client = new EsignClient(options, mock, null, null);
        var clock = Stopwatch.StartNew();

        var call = client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Assert.Same(call, finished);
        var e = await Assert.ThrowsAsync<DocScanException>(() => call);
        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, options.TotalTimeout + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_rate_limit_enforces_the_vendors_50_requests_per_second_by_default()
    {
        var options = new EsignClientOptions();

        Assert.True(options.RateLimit.Enabled);
        Assert.Equal(50, options.RateLimit.PermitsPerSecond);

        // 51 calls on a 50-per-second limit: the 51st waits for the window.
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Json(DocumentedResponse));
        var limited = Options();
        limited.RateLimit.Enabled = true;
        limited.RateLimit.PermitsPerSecond = 50;
        using var client = new EsignClient(limited, mock, null, null);
        var image = ImageInput.FromBytes(Jpeg(200));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 51).Select(_ => client.RecognizeTextAsync(image, cancellationToken: TestContext.Current.CancellationToken)));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"51 calls took {clock.Elapsed}");
    }
}
