using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.AliyunIqs;

public class AliyunIqsErrorTests
{
    public static TheoryData<int, string, DocScanErrorKind, int> DocumentedCodes => new()
    {
        // status, code, kind, requests sent with MaxRetries = 2
        { 404, "InvalidAccessKeyId.NotFound", DocScanErrorKind.Authentication, 1 },
        { 403, "Retrieval.NotAuthorised", DocScanErrorKind.Authentication, 1 },
        { 403, "Retrieval.NotActivate", DocScanErrorKind.InsufficientQuota, 1 },
        { 403, "Retrieval.Arrears", DocScanErrorKind.InsufficientQuota, 1 },
        { 403, "Retrieval.TestUserPeriodExpired", DocScanErrorKind.InsufficientQuota, 1 },
        { 429, "Retrieval.Throttling.User", DocScanErrorKind.RateLimited, 3 },
        { 429, "Retrieval.TestUserQueryExceeded", DocScanErrorKind.InsufficientQuota, 1 },
    };

    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public async Task Documented_codes_map_to_a_kind_and_only_throttling_is_retried(int status, string code, DocScanErrorKind kind, int sent)
    {
        var (client, mock, route, _) = Iqs.Create(_ => Iqs.Error(status, code, "documented message"), o => o.Retry.MaxRetries = 2);
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(code, e.VendorCode);
        Assert.Equal("documented message", e.VendorMessage);
        Assert.Equal(status, e.HttpStatus);
        Assert.Equal("req-" + code, e.RequestId);
        Assert.Equal(sent, mock.GetMatchCount(route));
        Assert.Equal(sent, e.Attempts);
        Assert.Equal(kind == DocScanErrorKind.RateLimited, e.IsTransient);
    }

    [Fact]
    public async Task The_two_429s_differ_throttling_is_retried_until_it_succeeds_and_the_daily_quota_is_sent_once()
    {
        var (throttled, throttledMock, throttledRoute, _) = Iqs.Create(n => n == 1
            ? Iqs.Error(429, "Retrieval.Throttling.User", "Request was denied due to user flow control.")
            : Iqs.Json(HttpStatusCode.OK, Iqs.ExampleResponse));
        var (quota, quotaMock, quotaRoute, _) = Iqs.Create(_ => Iqs.Error(429, "Retrieval.TestUserQueryExceeded", "The query exceeds the limit"));
        using var _ = throttled;
        using var __ = quota;

        var result = await throttled.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<DocScanException>(() => quota.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, throttledMock.GetMatchCount(throttledRoute));
        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Contains("daily", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, quotaMock.GetMatchCount(quotaRoute));
    }

    [Fact]
    public async Task A_gateway_timeout_is_not_retried_because_the_call_may_have_been_charged()
    {
        var (client, mock, route, _) = Iqs.Create(_ => new HttpResponseMessage(HttpStatusCode.GatewayTimeout) { Content = new StringContent("<html>504 Gateway Time-out</html>") });
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Null(e.VendorCode);
        Assert.Equal(1, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task An_error_code_under_http_200_is_still_an_error()
    {
        var (client, _, _, _) = Iqs.Create(_ => Iqs.Error(200, "Retrieval.Arrears", "Please recharge first."));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Equal("Please recharge first.", e.VendorMessage);
    }

    public static TheoryData<string, byte[]> Rejected => new()
    {
        { "over 20 MiB", Jpeg(AliyunIqsClientOptions.DefaultMaxImageBytes + 1) },
        { "PDF", "%PDF-1.7\n"u8.ToArray() },
        { "unrecognised", new byte[] { 0, 1, 2, 3, 4, 5 } },
        { "empty", Array.Empty<byte>() },
    };

    [Theory]
    [MemberData(nameof(Rejected), DisableDiscoveryEnumeration = true)] // multi-MB rows: enumerate when run, not serialised at discovery
    public async Task Oversized_or_unsupported_images_fail_before_anything_is_sent(string what, byte[] bytes)
    {
        var (client, mock, route, _) = Iqs.Create();
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(bytes), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(0, e.Attempts);
        Assert.True(mock.GetMatchCount(route) == 0, $"an {what} image was sent");
    }

    [Fact]
    public async Task The_api_key_never_appears_in_logs_or_in_the_exception()
    {
        var (factory, logs) = TestSupport.CapturingLogs();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Iqs.Endpoint).Respond(_ => Iqs.Error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."));
        using var client = new AliyunIqsClient(TestSupport.Fast(new AliyunIqsClientOptions { ApiKey = Iqs.Key }), mock, factory, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.NotEmpty(logs.GetSnapshot());
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(Iqs.Key, StringComparison.Ordinal)
            || (r.StructuredState?.Any(kv => kv.Value?.Contains(Iqs.Key, StringComparison.Ordinal) == true) ?? false));
        Assert.DoesNotContain(Iqs.Key, e.ToString(), StringComparison.Ordinal);
    }

    private static byte[] Jpeg(long length)
    {
        var bytes = new byte[length];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }
}
