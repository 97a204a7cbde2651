using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using RichardSzalay.MockHttp;
using Microsoft.Extensions.Time.Testing;
using static DocScan.Sdk.Tests.ProcessImage.ProcessImageTestKit;

namespace DocScan.Sdk.Tests.ProcessImage;

public class ProcessImageTokenTests
{
    private static ProcessImageClientOptions TokenOptions(Func<CancellationToken, Task<string>> fetch)
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token });
        options.UseTokenSource(fetch);
        return options;
    }

    private static string TokenNumber(int n) => "tok" + n.ToString("D29", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Fifty_concurrent_calls_share_one_token_fetch()
    {
        using var kit = new ProcessImageTestKit();
        int fetches = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = kit.Client(TokenOptions(async _ =>
        {
            Interlocked.Increment(ref fetches);
            await release.Task;
            return TokenNumber(1);
        }));
        var ct = TestContext.Current.CancellationToken;

        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct), ct)).ToArray();
        await Task.Delay(100, ct); // let every call reach the token cache while the fetch is still running
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, fetches);
        Assert.Equal(50, kit.Requests.Count);
        Assert.All(kit.Requests, r => Assert.Equal(TokenNumber(1), r.Header("x-access-api-token")));
    }

    [Fact]
    public async Task The_token_is_reused_until_shortly_before_expiry_then_fetched_once_more()
    {
        using var kit = new ProcessImageTestKit();
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero));
        int fetches = 0;
        using var client = kit.Client(TokenOptions(_ => Task.FromResult(TokenNumber(Interlocked.Increment(ref fetches)))), time: time);
        var ct = TestContext.Current.CancellationToken;

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        time.Advance(TimeSpan.FromMinutes(24));
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        Assert.Equal(1, fetches);

        time.Advance(TimeSpan.FromMinutes(2)); // 26 minutes: inside the 5-minute refresh window of a 30-minute token
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);

        Assert.Equal(2, fetches);
        Assert.Equal(new[] { TokenNumber(1), TokenNumber(1), TokenNumber(2), TokenNumber(2) }, kit.Requests.Select(r => r.Header("x-access-api-token")));
    }

    [Fact]
    public async Task A_token_rejected_in_an_http_200_body_is_replaced_and_the_request_sent_once_more()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Error(401, "FAILED::token 无效"), SuccessJson);
        int fetches = 0;
        var options = TokenOptions(_ => Task.FromResult(TokenNumber(Interlocked.Increment(ref fetches))));
        options.Retry.MaxRetries = 0; // the resend is the authenticator's, not the retry strategy's
        using var client = kit.Client(options);

        var result = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.NotNull(result.ImageUrl);
        Assert.Equal(2, fetches);
        Assert.Equal(new[] { TokenNumber(1), TokenNumber(2) }, kit.Requests.Select(r => r.Header("x-access-api-token")));
        Assert.Equal(ExampleImage, kit.Requests[1].Part("uploadFile").Body); // a rebuilt body, not a reused one
    }

    [Fact]
    public async Task A_token_rejected_again_after_the_refresh_fails_with_authentication_without_looping()
    {
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => Json(Error(401, "FAILED::token 无效"), HttpStatusCode.Unauthorized));
        int fetches = 0;
        using var client = kit.Client(TokenOptions(_ => Task.FromResult(TokenNumber(Interlocked.Increment(ref fetches)))));

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("IP whitelist", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, fetches);
        Assert.Equal(2, kit.Requests.Count);
    }

    [Fact]
    public async Task The_token_never_appears_in_logs_or_errors()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Error(401), Error(401), Error(403));
        var (factory, logs) = TestSupport.CapturingLogs();
        var options = TokenOptions(_ => Task.FromResult(TokenNumber(7)));
        options.LoggedHeaders.Add("x-access-api-token");
        using var client = kit.Client(options, factory);
        var ct = TestContext.Current.CancellationToken;

        var first = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct));
        var second = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, second.Kind);
        Assert.NotEmpty(logs.GetSnapshot());
        Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(TokenNumber(7), r.Message + r.Exception, StringComparison.Ordinal));
        Assert.DoesNotContain(TokenNumber(7), first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TokenNumber(7), new ProcessImageToken(TokenNumber(7)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_sharing_a_store_share_one_token()
    {
        using var kit = new ProcessImageTestKit();
        var store = new InMemoryProcessImageTokenStore();
        int fetches = 0;
        ProcessImageClientOptions Options()
        {
            var o = TokenOptions(_ => Task.FromResult(TokenNumber(Interlocked.Increment(ref fetches))));
            o.UseTokenStore(store);
            return o;
        }

        using var a = kit.Client(Options());
        using var b = kit.Client(Options());
        var ct = TestContext.Current.CancellationToken;

        await a.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        await b.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);

        Assert.Equal(1, fetches);
        Assert.Equal(TokenNumber(1), kit.Requests[1].Header("x-access-api-token"));
    }

    [Fact]
    public async Task A_configured_token_endpoint_is_asked_with_the_app_id_and_never_the_secret()
    {
        using var kit = new ProcessImageTestKit();
        HttpRequestMessage? asked = null;
        kit.Mock.When(HttpMethod.Get, "https://tokens.example.com/processimage").Respond(req =>
        {
            asked = req;
            return Json("""{"code":0,"data":{"token":"0123456789abcdef0123456789abcdef","expiresIn":1800}}""");
        });
        var options = TestSupport.Fast(new ProcessImageClientOptions
        {
            AuthMode = ProcessImageAuthMode.Token,
            AppId = AppId,
            AppSecret = AppSecret,
            TokenEndpoint = new Uri("https://tokens.example.com/processimage"),
        });
        using var client = kit.Client(options);

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal("?appId=" + AppId, asked!.RequestUri!.Query);
        Assert.DoesNotContain(Uri.EscapeDataString(AppSecret), asked.RequestUri.ToString(), StringComparison.Ordinal);
        Assert.Equal("0123456789abcdef0123456789abcdef", kit.Requests.Single().Header("x-access-api-token"));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef\n", "0123456789abcdef0123456789abcdef", null)]
    [InlineData("""{"token":"abc","expires_in":60}""", "abc", 60)]
    [InlineData("""{"accessToken":"abc"}""", "abc", null)]
    [InlineData("""{"httpCode":200,"data":"abc"}""", "abc", null)]
    public void Token_endpoint_answers_are_read_leniently(string body, string token, int? expiresIn)
    {
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var parsed = EndpointTokenSource.Parse(Encoding.UTF8.GetBytes(body), now);

        Assert.Equal(token, parsed!.Value);
        Assert.Equal(expiresIn is { } s ? now.AddSeconds(s) : null, parsed.ExpiresAt);
    }

    [Fact]
    public void Token_mode_without_a_token_source_is_a_configuration_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProcessImageClient(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token }));

        Assert.Contains("TokenEndpoint", e.Message, StringComparison.Ordinal);
    }
}
