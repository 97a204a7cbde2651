using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using RichardSzalay.MockHttp;
using static DocScan.Sdk.Tests.ProcessImage.ProcessImageTestKit;

namespace DocScan.Sdk.Tests.ProcessImage;

/// <summary>Hostile answers and careless settings: only DocScanException (or ArgumentException before sending) escapes, and charged calls are not repeated.</summary>
public class ProcessImageRobustnessTests
{
    private const string Url = "https://www.processimage.cn/watermark/targetImages/a.jpeg";

    public static TheoryData<string> OutOfRangeExpiries => new()
    {
        "\"0001-01-01 00:00:00\"",
        "\"0001-01-01T00:00:00\"",
        "\"0001-01-01T07:59:59.9999999\"",
        "[1,1,1]",
        "[1,1,1,0,0,0,0]",
        """{"year":1,"monthValue":1,"dayOfMonth":1}""",
        """{"date":{"year":1,"month":1,"day":1},"time":{"hour":0,"minute":0,"second":0,"nano":0}}""",
        """{"date":{"year":9999,"month":12,"day":31},"time":{"hour":23,"minute":59,"second":59,"nano":2000000000}}""",
    };

    private static string WithExpiry(string expiry, int processStatus = 0)
        => $$$"""{"httpCode":200,"remainingUsage":7,"limitedTermExpireTimes":{{{expiry}}},"data":{"processStatus":{{{processStatus}}},"processCount":1,"url":"{{{Url}}}"}}""";

    private static ProcessImageClientOptions TokenOptions()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token });
        options.UseTokenSource(_ => Task.FromResult("0123456789abcdef0123456789abcdef"));
        return options;
    }

    private static HttpResponseMessage RawJson(byte[] body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content };
    }

    /// <summary>UTF-8 JSON with one raw 0xFF byte where the text says <c>\xFF</c>.</summary>
    private static byte[] WithInvalidByte(string json)
    {
        var parts = json.Split("\\xFF");
        return parts.Select(p => Encoding.UTF8.GetBytes(p)).Aggregate((a, b) => a.Concat(new byte[] { 0xFF }).Concat(b).ToArray());
    }

    [Theory]
    [MemberData(nameof(OutOfRangeExpiries))]
    public async Task An_out_of_range_expiry_reads_as_null_in_both_auth_modes_submit_and_the_callback(string expiry)
    {
        var ct = TestContext.Current.CancellationToken;
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(WithExpiry(expiry), WithExpiry(expiry), WithExpiry(expiry, 52000));
        using var signed = kit.Client(SignatureOptions());
        using var token = kit.Client(TokenOptions());

        var bySignature = await signed.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        var byToken = await token.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        var submitted = await signed.SubmitAsync(ImageInput.FromBytes(ExampleImage), new Uri("https://app.example.com/cb"), null, ct);
        var callback = ProcessImageCallback.Parse(Encoding.UTF8.GetBytes(WithExpiry(expiry)));

        foreach (var result in new ProcessImageResponse[] { bySignature, byToken, submitted, callback })
        {
            Assert.Null(result.Usage!.LimitedTermExpiresAt);
            Assert.Equal(7, result.Usage.Remaining);
        }

        Assert.Equal(new Uri(Url), bySignature.ImageUrl);
        Assert.Equal(52000, submitted.ProcessStatus);
    }

    [Fact]
    public void The_earliest_representable_expiry_is_still_read()
    {
        var result = ProcessImageCallback.Parse(Encoding.UTF8.GetBytes(WithExpiry("\"0001-01-01 08:00:00\"")));

        Assert.Equal(DateTimeOffset.MinValue.UtcDateTime, result.Usage!.LimitedTermExpiresAt!.Value.UtcDateTime);
    }

    [Fact]
    public async Task A_token_mode_httpCode_with_an_invalid_utf8_byte_is_a_DocScanException()
    {
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => RawJson(WithInvalidByte("""{"httpCode":"\xFF"}""")));
        using var client = kit.Client(TokenOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidResponse, e.Kind);
        Assert.Single(kit.Requests);
        Assert.Null(TokenAuthenticator.PeekHttpCode(WithInvalidByte("""{"httpCode":"4\xFF"}""")));
        Assert.Equal(401, TokenAuthenticator.PeekHttpCode("""{"httpCode":"401"}"""u8));
    }

    public static TheoryData<string> InvalidUtf8Bodies => new()
    {
        """{"httpCode":200,"httpMsg":"SUCCESS::\xFF","data":{"processStatus":0,"url":"https://www.processimage.cn/t/a.jpeg"}}""",
        """{"httpCode":200,"msgInnerReferer":"\xFF","data":{"processStatus":0,"processMsg":"\xFF","url":"https://www.processimage.cn/t/a.jpeg"}}""",
        """{"httpCode":200,"data":{"processStatus":0,"processLocation":[{"x":1,"y":2,"w":3,"h":4,"word":"\xFF"}],"url":"https://www.processimage.cn/t/a.jpeg"}}""",
        """{"httpCode":200,"limitedTermExpireTimes":"\xFF","data":{"processStatus":0,"url":"https://www.processimage.cn/t/a.jpeg"},"encryptedInfo":{"imageUniqueIdentification":"\xFF"}}""",
        """{"httpCode":200,"\xFF":1,"data":{"processStatus":0,"url":"https://www.processimage.cn/t/a.jpeg"}}""",
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Bodies))]
    public async Task Invalid_utf8_in_any_string_keeps_the_charged_result_in_both_auth_modes_and_the_callback(string json)
    {
        var ct = TestContext.Current.CancellationToken;
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => RawJson(WithInvalidByte(json)));
        using var signed = kit.Client(SignatureOptions());
        using var token = kit.Client(TokenOptions());

        var results = new[]
        {
            await signed.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct),
            await token.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct),
            ProcessImageCallback.Parse(WithInvalidByte(json)),
        };

        Assert.All(results, r => Assert.Equal(new Uri("https://www.processimage.cn/t/a.jpeg"), r.ImageUrl));
        Assert.Equal(2, kit.Requests.Count);
    }

    [Fact]
    public async Task An_error_body_with_invalid_utf8_keeps_its_code()
    {
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => RawJson(WithInvalidByte("""{"httpCode":400,"httpMsg":"FAILED::\xFF","data":{"processStatus":52001}}""")));
        using var client = kit.Client(TokenOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal("400", e.VendorCode);
        Assert.Equal("FAILED::\uFFFD", e.VendorMessage);
    }

    [Fact]
    public void A_token_endpoint_answer_with_invalid_utf8_is_no_token_rather_than_an_exception()
    {
        var now = DateTimeOffset.UnixEpoch;

        Assert.Null(EndpointTokenSource.Parse(WithInvalidByte("""{"httpCode":"\xFF","data":{"token":""}}"""), now));
        var refused = Assert.Throws<DocScanException>(() => EndpointTokenSource.Parse(WithInvalidByte("""{"httpCode":403,"httpMsg":"\xFF"}"""), now));
        Assert.Equal(DocScanErrorKind.Authentication, refused.Kind);
    }

    [Fact]
    public async Task A_token_that_cannot_be_a_header_value_is_refused_before_sending()
    {
        using var kit = new ProcessImageTestKit();
        var options = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token });
        options.UseTokenSource(_ => Task.FromResult("abc\r\nX-Injected: 1"));
        using var client = kit.Client(options);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.DoesNotContain("Injected", e.Message, StringComparison.Ordinal);
        Assert.Empty(kit.Requests);
    }

    [Theory]
    [InlineData("RemoveWatermark")]
    [InlineData("Detect")]
    public async Task Remove_and_detect_are_charged_so_a_server_error_is_sent_once_unless_ambiguous_retries_are_allowed(string operation)
    {
        var ct = TestContext.Current.CancellationToken;
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => Json(Error(500, "FAILED::x", 52004), HttpStatusCode.InternalServerError));
        var options = SignatureOptions();
        options.Retry.MaxRetries = 3;
        using var client = kit.Client(options);
        var optIn = SignatureOptions();
        optIn.Retry.MaxRetries = 3;
        optIn.Retry.RetryAmbiguousFailures = true;
        using var optedIn = kit.Client(optIn);
        async Task<ProcessImageResponse> Call(ProcessImageClient c) => operation == "Detect"
            ? await c.DetectAsync(ImageInput.FromBytes(ExampleImage), null, ct)
            : await c.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);

        var once = await Assert.ThrowsAsync<DocScanException>(() => Call(client));
        int sentByDefault = kit.Requests.Count;
        var repeated = await Assert.ThrowsAsync<DocScanException>(() => Call(optedIn));

        Assert.Equal(1, sentByDefault);
        Assert.Equal(1, once.Attempts);
        Assert.Equal(DocScanErrorKind.ServerError, once.Kind);
        Assert.Equal(4, repeated.Attempts);
        Assert.Equal(5, kit.Requests.Count);
    }

    [Theory]
    [InlineData("RemoveWatermark")]
    [InlineData("Detect")]
    public async Task Remove_and_detect_send_once_after_a_connection_reset_mid_response(string operation)
    {
        var ct = TestContext.Current.CancellationToken;
        using var kit = new ProcessImageTestKit();
        kit.Reply(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ResettingStream()) });
        using var client = kit.Client(SignatureOptions());

        var e = await Assert.ThrowsAsync<DocScanException>(() => operation == "Detect"
            ? client.DetectAsync(ImageInput.FromBytes(ExampleImage), null, ct)
            : client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct));

        Assert.Equal(DocScanErrorKind.Network, e.Kind);
        Assert.Single(kit.Requests);
    }

    [Fact]
    public async Task Remove_sends_once_after_an_attempt_timeout()
    {
        int sent = 0;
        var transport = new DelegateHandler(async (request, token) =>
        {
            // The body reaches the vendor, then no answer comes: the upload may be processing.
            await request.Content!.ReadAsByteArrayAsync(token);
            Interlocked.Increment(ref sent);
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = SignatureOptions();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        options.TotalTimeout = TimeSpan.FromSeconds(20);
        using var client = new ProcessImageClient(options, transport, null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal(1, sent);
    }

    [Theory]
    [InlineData(52003)]
    [InlineData(52004)]
    public async Task Documented_not_processed_codes_are_still_retried_for_charged_removal_and_detection(int processStatus)
    {
        var ct = TestContext.Current.CancellationToken;
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Status(processStatus), SuccessJson, Status(processStatus), Status(52006));
        using var client = kit.Client(SignatureOptions());

        var removed = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        var detected = await client.DetectAsync(ImageInput.FromBytes(ExampleImage), null, ct);

        Assert.Equal(2, removed.Attempts);
        Assert.Equal(2, detected.Attempts);
        Assert.Equal(4, kit.Requests.Count);
    }

    [Theory]
    [InlineData("/tokens")]
    [InlineData("tokens/processimage")]
    public void A_relative_token_endpoint_is_refused_naming_the_setting(string relative)
    {
        var options = new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token, TokenEndpoint = new Uri(relative, UriKind.Relative) };
        var all = new DocScanOptions();
        all.ProcessImage.AuthMode = ProcessImageAuthMode.Token;
        all.ProcessImage.TokenEndpoint = new Uri(relative, UriKind.Relative);

        var e = Assert.Throws<ArgumentException>(() => new ProcessImageClient(options));
        var errors = all.Validate();

        Assert.Contains("DocScan:ProcessImage:TokenEndpoint must be an absolute http(s) URL", e.Message, StringComparison.Ordinal);
        Assert.Contains(errors, m => m.StartsWith("DocScan:ProcessImage:TokenEndpoint must be an absolute http(s) URL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_endpoint_with_another_scheme_names_the_host_never_the_credentials()
    {
        var options = new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token, TokenEndpoint = new Uri("ftp://user:pw@tokens.example.com/t") };

        var e = Assert.Throws<ArgumentException>(() => new ProcessImageClient(options));

        Assert.Contains("DocScan:ProcessImage:TokenEndpoint", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_endpoint_whose_body_stalls_gives_up_so_the_next_call_fetches_again()
    {
        using var kit = new ProcessImageTestKit();
        int asked = 0;
        kit.Mock.When(HttpMethod.Get, "https://tokens.example.com/t").Respond(_ => Interlocked.Increment(ref asked) == 1
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) }
            : Json("""{"token":"0123456789abcdef0123456789abcdef"}"""));
        var options = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token, TokenEndpoint = new Uri("https://tokens.example.com/t") });
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        options.TotalTimeout = TimeSpan.FromSeconds(3);
        using var client = kit.Client(options);
        var ct = TestContext.Current.CancellationToken;

        try
        {
            // Either a timeout, or a retry that fetched a new token: the stalled fetch must not be waited on forever.
            await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);
        }
        catch (DocScanException e)
        {
            Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        }

        var next = await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, ct);

        Assert.NotNull(next.ImageUrl);
        Assert.Equal(2, asked);
        Assert.Equal("0123456789abcdef0123456789abcdef", kit.Requests.Last().Header("x-access-api-token"));
    }
}
