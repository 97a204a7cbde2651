using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocScan.Sdk.Tests.AliyunIqs;

/// <summary>Where the client follows the ScanFile page and the vendor notes: auth header, URLs, numbers, 404 and quota messages.</summary>
public class AliyunIqsFidelityTests
{
    private static System.Threading.CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_x_api_key_scheme_sends_the_key_in_x_api_key_and_no_authorization_header()
    {
        var (client, _, _, recorder) = Iqs.Create(configure: o => o.AuthScheme = AliyunIqsAuthScheme.XApiKey);
        using var _ = client;

        await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: Ct);

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal(Iqs.Key, sent.Header("X-API-Key"));
        Assert.Null(sent.Headers.Authorization);
    }

    [Fact]
    public void The_auth_scheme_binds_from_configuration_and_defaults_to_bearer()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AliyunIqs:ApiKey"] = Iqs.Key,
            ["AliyunIqs:AuthScheme"] = "XApiKey",
        }).Build();
        var services = new ServiceCollection();
        services.AddDocScanClients(config);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(AliyunIqsAuthScheme.XApiKey, provider.GetRequiredService<IOptions<DocScanOptions>>().Value.AliyunIqs.AuthScheme);
        Assert.Equal(AliyunIqsAuthScheme.Bearer, new AliyunIqsClientOptions().AuthScheme);
    }

    [Fact]
    public void An_undefined_auth_scheme_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new AliyunIqsClient(new AliyunIqsClientOptions { ApiKey = Iqs.Key, AuthScheme = (AliyunIqsAuthScheme)7 }));

        Assert.Contains("AuthScheme", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_with_a_space_goes_out_escaped_and_the_callers_escapes_are_kept()
    {
        var (client, _, _, recorder) = Iqs.Create();
        using var _ = client;

        await client.ScanFileAsync(ImageInput.FromUrl("https://bucket.oss-cn-hangzhou.aliyuncs.com/my scan.jpg?Signature=x%2By%3D&Expires=1"), cancellationToken: Ct);

        var sent = Assert.Single(recorder.Requests);
        using var json = JsonDocument.Parse(sent.Body);
        Assert.Equal("https://bucket.oss-cn-hangzhou.aliyuncs.com/my%20scan.jpg?Signature=x%2By%3D&Expires=1", json.RootElement.GetProperty("imageUrl").GetString());
        Assert.DoesNotContain(" ", sent.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000000000000000")]
    [InlineData("-5")]
    [InlineData("1e300")]
    [InlineData("1e400")]
    [InlineData("\"9999999999999999999999\"")]
    [InlineData("\"soon\"")]
    [InlineData("{}")]
    public async Task A_search_time_out_of_range_or_of_another_type_gives_a_null_search_time_and_keeps_the_pages(string searchTime)
    {
        var body = Iqs.ExampleResponse.Replace("\"searchTime\": 1265", "\"searchTime\": " + searchTime, StringComparison.Ordinal);
        Assert.NotEqual(Iqs.ExampleResponse, body);
        var (client, _, _, _) = Iqs.Create(_ => Iqs.Json(HttpStatusCode.OK, body));
        using var _ = client;

        var result = await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: Ct);

        Assert.Null(result.SearchTime);
        Assert.Single(result.Pages);
    }

    [Theory]
    [InlineData("1265.5", 1265.5)]
    [InlineData("\"2048\"", 2048)]
    [InlineData("0", 0)]
    public async Task A_search_time_in_range_is_kept_to_the_fraction_of_a_millisecond(string searchTime, double milliseconds)
    {
        var body = Iqs.ExampleResponse.Replace("\"searchTime\": 1265", "\"searchTime\": " + searchTime, StringComparison.Ordinal);
        var (client, _, _, _) = Iqs.Create(_ => Iqs.Json(HttpStatusCode.OK, body));
        using var _ = client;

        var result = await client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: Ct);

        Assert.Equal(TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)), result.SearchTime);
    }

    [Fact]
    public async Task An_error_code_that_is_not_valid_utf8_is_classified_by_status_instead_of_escaping()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"requestId\":\"r\",\"code\":\"X\",\"message\":\"m\"}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        var (client, _, _, _) = Iqs.Create(_ => new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: Ct));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Equal(403, e.HttpStatus);
    }

    [Theory]
    [InlineData("<html>Not Found</html>", "text/html")]
    [InlineData("", "text/plain")]
    public async Task A_404_without_a_readable_code_says_the_pages_only_404_is_an_invalid_key(string body, string mediaType)
    {
        var (client, _, _, _) = Iqs.Create(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: Ct));

        Assert.Equal(DocScanErrorKind.NotFound, e.Kind);
        Assert.Contains("the page's only 404 is an invalid API key: check DocScan:AliyunIqs:ApiKey", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trial_daily_quota_error_names_the_daily_figure()
    {
        var (client, _, _, recorder) = Iqs.Create(_ => Iqs.Error(429, "Retrieval.TestUserQueryExceeded", "The query exceeds the limit"));
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanFileAsync(ImageInput.FromBytes(Iqs.Jpeg), cancellationToken: Ct));

        Assert.Equal(DocScanErrorKind.InsufficientQuota, e.Kind);
        Assert.Contains("1,000 queries a day", e.Message, StringComparison.Ordinal);
        Assert.Single(recorder.Requests);
    }
}
