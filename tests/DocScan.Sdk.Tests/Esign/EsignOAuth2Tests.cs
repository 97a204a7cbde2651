using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static DocScan.Sdk.Tests.Esign.EsignTestKit;

namespace DocScan.Sdk.Tests.Esign;

public class EsignOAuth2Tests
{
    private const string AccessUrl = "https://openapi.esign.cn/v1/oauth2/access_token";
    private const string RefreshUrl = "https://openapi.esign.cn/v1/oauth2/refresh_token";
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static string TokenAnswer(string token, DateTimeOffset expires, bool expiresAsString, string refresh = "refresh-1")
    {
        string ms = expires.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "{\"code\":0,\"message\":\"成功\",\"data\":{\"token\":\"" + token + "\",\"expiresIn\":" + (expiresAsString ? "\"" + ms + "\"" : ms) + ",\"refreshToken\":\"" + refresh + "\"}}";
    }

    [Fact]
    public async Task Fifty_concurrent_calls_share_one_token_fetch()
    {
        var time = new FakeTimeProvider(Start);
        var mock = new MockHttpMessageHandler();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = mock.When(HttpMethod.Get, AccessUrl).Respond(async _ =>
        {
            await gate.Task;
            return Json(TokenAnswer("tok-1", Start.AddMinutes(120), expiresAsString: true));
        });
        var tokensSent = new ConcurrentBag<string>();
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(r =>
        {
            tokensSent.Add(r.Headers.GetValues("X-Tsign-Open-Token").Single());
            return Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, time);
        var image = ImageInput.FromBytes(Jpeg(200));

        var calls = Enumerable.Range(0, 50).Select(_ => client.RecognizeTextAsync(image, cancellationToken: TestContext.Current.CancellationToken)).ToArray();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        gate.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, mock.GetMatchCount(token));
        Assert.Equal(50, mock.GetMatchCount(ocr));
        Assert.All(tokensSent, t => Assert.Equal("tok-1", t));
    }

    [Fact]
    public async Task Calls_carry_the_app_id_and_token_and_no_signature_headers()
    {
        var time = new FakeTimeProvider(Start);
        var mock = new MockHttpMessageHandler();
        Uri? tokenUri = null;
        mock.When(HttpMethod.Get, AccessUrl).Respond(r =>
        {
            tokenUri = r.RequestUri;
            return Json(TokenAnswer("tok-1", Start.AddMinutes(120), expiresAsString: false));
        });
        CapturedRequest? seen = null;
        mock.When(HttpMethod.Post, OcrUrl).Respond(async r =>
        {
            seen = await CapturedRequest.From(r);
            return Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, time);

        await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("?appId=" + AppId + "&secret=" + Secret + "&grantType=client_credentials", tokenUri!.Query);
        Assert.Equal("tok-1", seen!.Header("X-Tsign-Open-Token"));
        Assert.Equal(AppId, seen.Header("X-Tsign-Open-App-Id"));
        Assert.Null(seen.Header("X-Tsign-Open-Auth-Mode"));
        Assert.Null(seen.Header("X-Tsign-Open-Ca-Signature"));
        Assert.Equal("application/json;charset=UTF-8", seen.Header("Content-Type"));
        Assert.Equal(EsignSigner.ComputeContentMd5(seen.Body), seen.Header("Content-MD5"));
    }

    [Fact]
    public async Task A_token_is_refreshed_with_its_refresh_token_shortly_before_it_expires()
    {
        var time = new FakeTimeProvider(Start);
        var mock = new MockHttpMessageHandler();
        var access = mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-1", Start.AddMinutes(120), expiresAsString: false, refresh: "ref-1")));
        Uri? refreshUri = null;
        var refresh = mock.When(HttpMethod.Get, RefreshUrl).Respond(r =>
        {
            refreshUri = r.RequestUri;
            return Json(TokenAnswer("tok-2", time.GetUtcNow().AddMinutes(120), expiresAsString: true, refresh: "ref-2"));
        });
        var tokensSent = new ConcurrentQueue<string>();
        mock.When(HttpMethod.Post, OcrUrl).Respond(r =>
        {
            tokensSent.Enqueue(r.Headers.GetValues("X-Tsign-Open-Token").Single());
            return Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, time);
        var image = ImageInput.FromBytes(Jpeg(200));
        var ct = TestContext.Current.CancellationToken;

        await client.RecognizeTextAsync(image, cancellationToken: ct);
        time.Advance(TimeSpan.FromMinutes(100)); // still 20 minutes left: cached
        await client.RecognizeTextAsync(image, cancellationToken: ct);
        time.Advance(TimeSpan.FromMinutes(16)); // 4 minutes left, inside the 5-minute margin: refreshed
        await client.RecognizeTextAsync(image, cancellationToken: ct);
        await client.RecognizeTextAsync(image, cancellationToken: ct);

        Assert.Equal(1, mock.GetMatchCount(access));
        Assert.Equal(1, mock.GetMatchCount(refresh));
        Assert.Equal("?appId=" + AppId + "&refreshToken=ref-1&grantType=refresh_token", refreshUri!.Query);
        Assert.Equal(new[] { "tok-1", "tok-1", "tok-2", "tok-2" }, tokensSent);
    }

    [Fact]
    public async Task A_TOKEN错误_rejection_fetches_a_new_token_and_resends_once()
    {
        var time = new FakeTimeProvider(Start);
        var mock = new MockHttpMessageHandler();
        int fetches = 0;
        var access = mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok-" + Interlocked.Increment(ref fetches), Start.AddMinutes(120), expiresAsString: true)));
        var tokensSent = new ConcurrentQueue<string>();
        mock.When(HttpMethod.Post, OcrUrl).Respond(r =>
        {
            var token = r.Headers.GetValues("X-Tsign-Open-Token").Single();
            tokensSent.Enqueue(token);
            return token == "tok-1" ? Gateway("TOKEN错误") : Json(DocumentedResponse);
        });
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, time);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(2, mock.GetMatchCount(access));
        Assert.Equal(new[] { "tok-1", "tok-2" }, tokensSent);
    }

    [Fact]
    public async Task A_second_token_rejection_fails_as_authentication_without_looping()
    {
        var mock = new MockHttpMessageHandler();
        var access = mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json(TokenAnswer("tok", Start.AddYears(30), expiresAsString: true)));
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Gateway("TOKEN错误"));
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Equal("TOKEN错误", e.VendorMessage);
        Assert.Equal(2, mock.GetMatchCount(ocr));
        Assert.Equal(2, mock.GetMatchCount(access));
    }

    [Fact]
    public async Task A_refused_token_request_fails_without_sending_the_image()
    {
        var (factory, logs) = TestSupport.CapturingLogs();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Json("{\"code\":1435002,\"message\":\"参数错误: secret不正确\",\"data\":null}"));
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Json(DocumentedResponse));
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, factory, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Equal("1435002", e.VendorCode);
        Assert.Equal("参数错误: secret不正确", e.VendorMessage);
        Assert.Equal(0, mock.GetMatchCount(ocr));
        var text = string.Join("\n", logs.GetSnapshot().Select(r => r.Message)) + e.ToString();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_endpoint_that_cannot_be_reached_is_retried_because_the_image_was_not_sent()
    {
        var mock = new MockHttpMessageHandler();
        int attempts = 0;
        var access = mock.When(HttpMethod.Get, AccessUrl).Respond(_ => Interlocked.Increment(ref attempts) == 1
            ? throw new HttpRequestException("connection reset")
            : Json(TokenAnswer("tok", Start.AddYears(30), expiresAsString: true)));
        var ocr = mock.When(HttpMethod.Post, OcrUrl).Respond(_ => Json(DocumentedResponse));
        using var client = new EsignClient(Options(EsignAuthMode.OAuth2), mock, null, null);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(200)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Attempts); // attempts count requests that reached the OCR endpoint; the failed token fetch did not
        Assert.Equal(2, mock.GetMatchCount(access));
        Assert.Equal(1, mock.GetMatchCount(ocr));
    }
}
