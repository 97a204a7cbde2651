using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static DocScan.Sdk.Tests.Esign.EsignTestKit;

namespace DocScan.Sdk.Tests.Esign;

public class EsignClientTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [Fact]
    public async Task Recognize_signs_exactly_the_bytes_it_sends()
    {
        var time = new FakeTimeProvider(Start);
        var mock = new MockHttpMessageHandler();
        CapturedRequest? seen = null;
        mock.When(HttpMethod.Post, OcrUrl).Respond(async r =>
        {
            seen = await CapturedRequest.From(r);
            return Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(), mock, null, time);
        var image = Jpeg(3000);

        await client.RecognizeTextAsync(ImageInput.FromBytes(image), new EsignRecognizeTextOptions { RequestId = "order-42" }, TestContext.Current.CancellationToken);

        Assert.NotNull(seen);
        Assert.Equal("application/json;charset=UTF-8", seen!.Header("Content-Type"));
        Assert.Equal("*/*", seen.Header("Accept"));
        Assert.Null(seen.Header("Date"));
        Assert.Null(seen.Header("X-Tsign-Open-Token"));
        Assert.Equal(AppId, seen.Header("X-Tsign-Open-App-Id"));
        Assert.Equal("Signature", seen.Header("X-Tsign-Open-Auth-Mode"));
        Assert.Equal("1700000000000", seen.Header("X-Tsign-Open-Ca-Timestamp"));
        AssertSignedFor(seen);

        using var json = JsonDocument.Parse(seen.Body);
        Assert.Equal("order-42", json.RootElement.GetProperty("requestId").GetString());
        Assert.Equal(Convert.ToBase64String(image), json.RootElement.GetProperty("image").GetString());
    }

    [Fact]
    public async Task Each_attempt_carries_a_fresh_timestamp_and_its_own_valid_signature()
    {
        var time = new FakeTimeProvider(Start);
        var mock = new MockHttpMessageHandler();
        var seen = new List<CapturedRequest>();
        mock.When(HttpMethod.Post, OcrUrl).Respond(async r =>
        {
            seen.Add(await CapturedRequest.From(r));
            if (seen.Count == 1)
            {
                time.Advance(TimeSpan.FromSeconds(2));
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }

            return Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(), mock, null, time);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(500)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, seen.Count);
        Assert.Equal("1700000000000", seen[0].Header("X-Tsign-Open-Ca-Timestamp"));
        Assert.Equal("1700000002000", seen[1].Header("X-Tsign-Open-Ca-Timestamp"));
        // The timestamp is sent but not part of the string to sign (the vendor signs no extra headers).
        Assert.Equal(seen[0].Body, seen[1].Body);
        AssertSignedFor(seen[0]);
        AssertSignedFor(seen[1]);
    }

    [Fact]
    public async Task File_and_stream_images_send_the_same_base64_as_bytes_in_memory()
    {
        var image = Jpeg(200_001); // several encoding chunks, and a length that needs padding
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, image);
        try
        {
            var fromBytes = await EsignClient.BuildBodyAsync(Prepared(ImageInput.FromBytes(image)), null, TestContext.Current.CancellationToken);
            var fromFile = await EsignClient.BuildBodyAsync(Prepared(ImageInput.FromFile(path)), null, TestContext.Current.CancellationToken);
            using var stream = new MemoryStream(image);
            var fromStream = await EsignClient.BuildBodyAsync(Prepared(ImageInput.FromStream(stream)), "r1", TestContext.Current.CancellationToken);

            var expected = Encoding.UTF8.GetBytes("{\"image\":\"" + Convert.ToBase64String(image) + "\"}");
            Assert.Equal(expected, fromBytes);
            Assert.Equal(expected, fromFile);
            Assert.Equal(Encoding.UTF8.GetBytes("{\"requestId\":\"r1\",\"image\":\"" + Convert.ToBase64String(image) + "\"}"), fromStream);
            Assert.Contains((byte)'+', fromBytes); // Base64 '+' is written as is, not as \u002B
        }
        finally
        {
            File.Delete(path);
        }

        static PreparedImage Prepared(ImageInput input) => input.PrepareAsync(default).AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Parses_the_documented_response()
    {
        using var client = Client(Json(DocumentedResponse), out _);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("bfbaf02e-f63e-4b9d-8818-705bcc618d46", result.VerifyId);
        Assert.Equal(0.0, result.Angle);
        Assert.Equal(3, result.Lines.Count);
        var first = result.Lines[0];
        Assert.Equal(1, first.Index);
        Assert.Equal("1", first.AdvancedInfo);
        Assert.Equal("通用图片文字识别0CR", first.Text);
        Assert.Equal(new EsignTextBox(37, 34, 368, 37), first.Box);
        Assert.Equal(new Quad(new(37, 34), new(404, 34), new(404, 70), new(37, 70)), first.PolygonQuad());
        Assert.Equal("通用图片文字识别0CR\n接口描述\n对上传的任意图片进行OCR识别,返回图片上的信息(不要求图片符合具体的某种文本样式)", result.FullText);
        Assert.Equal("Esign", result.Vendor);
        Assert.Equal("RecognizeText", result.Operation);
    }

    [Fact]
    public async Task Null_polygon_missing_fields_and_unknown_fields_parse_without_loss()
    {
        var data = """
            {
              "verifyId": "v-1",
              "score": 0.93,
              "textDetections": [
                { "advancedInfo": "1", "detectedText": "甲", "itemPolygon": { "x": 1, "y": 2, "width": 3, "height": 4 }, "polygon": null, "confidence": 88 },
                { "advancedInfo": 2, "detectedText": "乙" },
                { "detectedText": "丙", "polygon": [ { "x": 1, "y": 1 }, { "x": 2, "y": 1 }, { "x": 2, "y": 2 } ] }
              ]
            }
            """;
        using var client = Client(Json(Ok(data)), out _);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(result.Angle);
        Assert.Equal(0.93, result.AdditionalData["score"].GetDouble());
        var (a, b, c) = (result.Lines[0], result.Lines[1], result.Lines[2]);
        Assert.Null(a.PolygonQuad());
        Assert.Empty(a.Polygon);
        Assert.Equal(88, a.AdditionalData["confidence"].GetInt32());
        Assert.Equal(2, b.Index);
        Assert.Null(b.Box);
        Assert.Null(b.PolygonQuad());
        Assert.Null(c.Index);
        Assert.Null(c.PolygonQuad());
        Assert.Equal(3, c.Polygon.Count);
        Assert.Equal("甲\n乙\n丙", result.FullText);
    }

    [Fact]
    public async Task Lines_come_back_in_reading_order_by_their_index()
    {
        var data = """{ "textDetections": [ { "advancedInfo": "2", "detectedText": "second" }, { "advancedInfo": "10", "detectedText": "tenth" }, { "advancedInfo": "1", "detectedText": "first" } ] }""";
        using var client = Client(Json(Ok(data)), out _);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "first", "second", "tenth" }, result.Lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData(30500100, "缺少参数:image不能为空")]
    [InlineData(30500101, "参数错误:文件大小超出限制,最大1MB")]
    public async Task Documented_codes_are_invalid_requests_and_not_retried(int code, string message)
    {
        using var client = Client(Json($$"""{"code":{{code}},"message":"{{message}}","data":null}"""), out var requests);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(code.ToString(CultureInfo.InvariantCulture), e.VendorCode);
        Assert.Equal(message, e.VendorMessage);
        Assert.False(e.IsTransient);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, requests());
    }

    [Fact]
    public async Task Other_codes_keep_their_number_and_message_and_are_not_retried()
    {
        var mock = new MockHttpMessageHandler();
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Json("""{"code":"30500199","message":"识别失败"}"""));
        using var client = new EsignClient(Options(), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("30500199", e.VendorCode);
        Assert.Equal("识别失败", e.VendorMessage);
        Assert.Contains("识别失败", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, mock.GetMatchCount(ocr));
    }

    [Theory]
    [InlineData("无效的应用", "Environment")]
    [InlineData("INVALID_SIGNATURE", "AppSecret")]
    [InlineData("INVALID_TIMESTAMP", "clock")]
    [InlineData("AUTHSTRATEGY_NOT_FOUND", "AuthMode")]
    [InlineData("缺少参数", "AppId")]
    public async Task Gateway_refusals_are_authentication_errors_with_the_message_kept(string message, string advice)
    {
        var mock = new MockHttpMessageHandler();
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Gateway(message));
        using var client = new EsignClient(Options(), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Equal(401, e.HttpStatus);
        Assert.Equal("401", e.VendorCode);
        Assert.Equal(message, e.VendorMessage);
        Assert.Contains(advice, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, mock.GetMatchCount(ocr));
    }

    [Fact]
    public async Task A_wrong_environment_refusal_says_which_environment_the_app_id_looks_like()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Gateway("无效的应用"));
        var options = Options();
        options.AppId = "7438000001";
        using var client = new EsignClient(options, mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("sandbox", e.Message, StringComparison.Ordinal);
        Assert.Contains("openapi.esign.cn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_is_not_retried_because_the_call_is_charged()
    {
        var mock = new MockHttpMessageHandler();
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(HttpStatusCode.InternalServerError);
        using var client = new EsignClient(Options(), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.ServerError, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Equal(1, mock.GetMatchCount(ocr));
    }

    [Fact]
    public async Task An_image_over_1_MB_is_refused_before_any_request_by_default()
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK);
        using var client = new EsignClient(Options(), mock, null, null);

        // 1,000,001 bytes: over the page's "1MB" read as 1,000,000 (the default), under 1 MiB.
        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(1_000_001)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1_000_000, EsignClientOptions.DefaultMaxImageBytes);
        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("1 MB (1,000,000 bytes)", e.Message, StringComparison.Ordinal);
        Assert.Contains("compress", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Attempts);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Fact]
    public async Task An_image_of_exactly_1_MB_is_sent_and_MaxImageBytes_raises_the_limit_to_1_MiB()
    {
        using var client = Client(Json(DocumentedResponse), out _);
        var raised = Options();
        raised.MaxImageBytes = 1024 * 1024;
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => Json(DocumentedResponse));
        using var raisedClient = new EsignClient(raised, mock, null, null);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(1_000_000)), cancellationToken: TestContext.Current.CancellationToken);
        var mebibyte = await raisedClient.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(1024 * 1024)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(3, mebibyte.Lines.Count);
    }

    [Fact]
    public async Task Urls_and_unsupported_formats_are_refused_before_any_request()
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK);
        using var client = new EsignClient(Options(), mock, null, null);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 not an image");

        var url = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromUrl("https://example.com/a.jpg"), cancellationToken: TestContext.Current.CancellationToken));
        var format = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(pdf), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, url.Kind);
        Assert.Equal(DocScanErrorKind.InvalidRequest, format.Kind);
        Assert.Contains("Jpeg, Png, Bmp", format.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Fact]
    public async Task Missing_credentials_fail_before_any_request()
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK);
        using var client = new EsignClient(TestSupport.Fast(new EsignClientOptions()), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("DocScan:Esign:AppId", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Fact]
    public async Task The_sandbox_environment_sends_to_the_sandbox_host()
    {
        var mock = new MockHttpMessageHandler();
        var sandbox = mock.When(HttpMethod.Post, "https://smlopenapi.esign.cn/v2/identity/auth/api/ocr/generalcharacters").Respond(_ => Json(DocumentedResponse));
        var options = Options();
        options.Environment = EsignEnvironment.Sandbox;
        using var client = new EsignClient(options, mock, null, null);

        await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, mock.GetMatchCount(sandbox));
        Assert.Equal(EsignClientOptions.SandboxBaseAddress, options.EffectiveBaseAddress);
    }

    [Fact]
    public async Task An_explicit_base_address_wins_over_the_environment_and_is_signed_with_its_path()
    {
        var mock = new MockHttpMessageHandler();
        CapturedRequest? seen = null;
        mock.When(HttpMethod.Post, "http://localhost:5099/esign/v2/identity/auth/api/ocr/generalcharacters").Respond(async r =>
        {
            seen = await CapturedRequest.From(r);
            return Json(DocumentedResponse);
        });
        var options = Options();
        options.Environment = EsignEnvironment.Sandbox;
        options.BaseAddress = new Uri("http://localhost:5099/esign");
        using var client = new EsignClient(options, mock, null, null);

        await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(seen);
        AssertSignedFor(seen!);
    }

    [Fact]
    public void Invalid_options_are_all_listed_when_the_client_is_built()
    {
        var options = new EsignClientOptions { AppId = AppId, MaxImageBytes = 0, TokenRefreshBefore = TimeSpan.FromHours(3), Environment = (EsignEnvironment)7 };

        var e = Assert.Throws<ArgumentException>(() => new EsignClient(options, new MockHttpMessageHandler(), null, null));

        Assert.Contains("Esign:AppSecret is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("Esign:MaxImageBytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("Esign:TokenRefreshBefore", e.Message, StringComparison.Ordinal);
        Assert.Contains("Esign:Environment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_and_signature_never_reach_logs_or_error_messages()
    {
        var (factory, logs) = TestSupport.CapturingLogs();
        var mock = new MockHttpMessageHandler();
        string? signature = null;
        mock.When(HttpMethod.Post, OcrUrl).Respond(r =>
        {
            signature = r.Headers.GetValues("X-Tsign-Open-Ca-Signature").Single();
            return Gateway("INVALID_SIGNATURE");
        });
        using var client = new EsignClient(Options(), mock, factory, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(100)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.NotEmpty(logs.GetSnapshot());
        var text = string.Join("\n", logs.GetSnapshot().Select(r => r.Message)) + e.ToString();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(signature!, text, StringComparison.Ordinal);
    }

    private static EsignClient Client(HttpResponseMessage response, out Func<int> requests)
    {
        var mock = new MockHttpMessageHandler();
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => response);
        requests = () => mock.GetMatchCount(ocr);
        return new EsignClient(Options(), mock, null, null);
    }

    /// <summary>Recomputes Content-MD5 and the signature from what was captured and compares them with what was sent.</summary>
    private static void AssertSignedFor(CapturedRequest r)
    {
        var md5 = EsignSigner.ComputeContentMd5(r.Body);
        Assert.Equal(md5, r.Header("Content-MD5"));
        var expected = new EsignSigner(Secret).Sign(r.Method, r.Header("Accept"), md5, r.Header("Content-Type"), r.Header("Date") ?? string.Empty, r.Uri.AbsolutePath + r.Uri.Query);
        Assert.Equal(expected, r.Header("X-Tsign-Open-Ca-Signature"));
    }
}
