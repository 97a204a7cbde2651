using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DocScan.Sdk.Qingyang;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.Qingyang;

public class QingyangErrorTests
{
    private const string Envelope = """{"success":false,"cardType":"","tokensIn":0,"tokensOut":0,"result":[],"rawResult":"","filePath":"","fileName":"","error":"{0}"}""";

    private static string EnvelopeWith(string error) => Envelope.Replace("{0}", error, StringComparison.Ordinal);

    public static TheoryData<int, string, DocScanErrorKind, string> DocumentedStatuses => new()
    {
        { 400, EnvelopeWith("Missing required parameter: file or file_url"), DocScanErrorKind.InvalidRequest, "Missing required parameter: file or file_url" },
        { 401, """{"error": "Missing X-Auth-Key header"}""", DocScanErrorKind.Authentication, "Missing X-Auth-Key header" },
        { 403, """{"error": "Invalid auth key"}""", DocScanErrorKind.Authentication, "Invalid auth key" },
        { 413, EnvelopeWith("File size exceeds maximum limit of 10MB"), DocScanErrorKind.InvalidRequest, "File size exceeds maximum limit of 10MB" },
        { 500, EnvelopeWith("具体错误信息"), DocScanErrorKind.ServerError, "具体错误信息" },
    };

    [Theory]
    [MemberData(nameof(DocumentedStatuses))]
    public async Task Documented_error_statuses_map_to_a_kind_keep_the_vendor_message_and_are_sent_once(int status, string body, DocScanErrorKind kind, string vendorMessage)
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create(_ => Recorder.Json((HttpStatusCode)status, body));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(status, e.HttpStatus);
        Assert.Equal(vendorMessage, e.VendorMessage);
        Assert.Equal("Qingyang", e.Vendor);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task Http_413_says_the_limit_is_10_MB()
    {
        var (client, _, _, _) = QingyangWireFormatTests.Create(_ => Recorder.Json(HttpStatusCode.RequestEntityTooLarge, EnvelopeWith("File size exceeds maximum limit of 10MB")));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("10 MB", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Server_error_is_retried_only_when_the_caller_allows_ambiguous_retries()
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create(
            n => n == 1 ? Recorder.Json(HttpStatusCode.InternalServerError, EnvelopeWith("boom")) : Recorder.Json(HttpStatusCode.OK, QingyangWireFormatTests.ExampleResponse),
            o => o.Retry.RetryAmbiguousFailures = true);
        using var _ = client;

        var result = await client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task Success_false_under_http_200_is_an_error_that_is_not_retried()
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create(_ => Recorder.Json(HttpStatusCode.OK, EnvelopeWith("具体错误信息")));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromUrl("https://example.com/idcard.jpg"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.ServerError, e.Kind);
        Assert.Equal("具体错误信息", e.VendorMessage);
        Assert.Equal(200, e.HttpStatus);
        Assert.Equal(1, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task Success_false_for_a_missing_parameter_under_http_200_is_an_invalid_request()
    {
        var (client, _, _, _) = QingyangWireFormatTests.Create(_ => Recorder.Json(HttpStatusCode.OK, EnvelopeWith("Missing required parameter: file or file_url")));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromUrl("https://example.com/idcard.jpg"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.False(e.IsTransient);
    }

    public static TheoryData<string, byte[]> Rejected => new()
    {
        { "over 10,000,000 bytes", Jpeg(QingyangClientOptions.DefaultMaxImageBytes + 1) },
        { "of 10 MiB", Jpeg(10 * 1024 * 1024) },
        { "BMP", new byte[] { (byte)'B', (byte)'M', 1, 2, 3, 4 } },
        { "WebP", "RIFF\0\0\0\0WEBPVP8 "u8.ToArray() },
        { "unrecognised", new byte[] { 1, 2, 3, 4, 5 } },
    };

    [Theory]
    [MemberData(nameof(Rejected), DisableDiscoveryEnumeration = true)] // multi-MB rows: enumerate when run, not serialised at discovery
    public async Task Files_over_10_000_000_bytes_or_not_jpeg_png_pdf_fail_before_anything_is_sent(string what, byte[] bytes)
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create();
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(bytes), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(0, e.Attempts);
        Assert.True(mock.GetMatchCount(route) == 0, $"a {what} file was sent");
    }

    [Fact]
    public async Task A_pdf_of_exactly_10_000_000_bytes_is_sent()
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create();
        using var _ = client;
        var pdf = new byte[10_000_000];
        "%PDF-1.7"u8.CopyTo(pdf);

        await client.RecognizeAsync(ImageInput.FromBytes(pdf, "scan.pdf"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task Missing_api_key_fails_as_authentication_without_reaching_the_server()
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create(configure: o => o.ApiKey = null);
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("Qingyang:ApiKey", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task The_api_key_never_appears_in_logs_or_in_the_exception()
    {
        var (factory, logs) = TestSupport.CapturingLogs();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, QingyangWireFormatTests.Endpoint).Respond(HttpStatusCode.Forbidden, "application/json", """{"error": "Invalid auth key"}""");
        using var client = new QingyangClient(TestSupport.Fast(new QingyangClientOptions { ApiKey = QingyangWireFormatTests.Key }), mock, factory, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: TestContext.Current.CancellationToken));

        Assert.NotEmpty(logs.GetSnapshot());
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(QingyangWireFormatTests.Key, StringComparison.Ordinal)
            || (r.StructuredState?.Any(kv => kv.Value?.Contains(QingyangWireFormatTests.Key, StringComparison.Ordinal) == true) ?? false));
        Assert.DoesNotContain(QingyangWireFormatTests.Key, e.ToString(), StringComparison.Ordinal);
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
