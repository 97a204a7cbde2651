using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk.Tests.Qingyang;

/// <summary>URLs and server paths on the wire, and answers whose text cannot be decoded.</summary>
public class QingyangFidelityTests
{
    private static System.Threading.CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_url_with_a_space_goes_out_escaped_and_the_callers_escapes_are_kept()
    {
        var (client, _, _, recorder) = QingyangWireFormatTests.Create();
        using var _ = client;

        await client.RecognizeAsync(ImageInput.FromUrl("https://example.com/scans/id card.jpg?sig=a%2Bb&x=1"), cancellationToken: Ct);

        var sent = Assert.Single(recorder.Requests);
        using var json = JsonDocument.Parse(sent.Body);
        Assert.Equal("https://example.com/scans/id%20card.jpg?sig=a%2Bb&x=1", json.RootElement.GetProperty("file_url").GetString());
        Assert.DoesNotContain(" ", sent.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_on_the_vendors_server_is_sent_as_file_url_unchanged_with_the_category()
    {
        var (client, _, _, recorder) = QingyangWireFormatTests.Create();
        using var _ = client;

        var result = await client.RecognizeServerFileAsync("/data/uploads/身份证 1.jpg", new QingyangRecognizeServerFileOptions { Category = QingyangCategory.IdCard }, Ct);

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal(QingyangWireFormatTests.Key, sent.Header("X-Auth-Key"));
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("""{"file_url":"/data/uploads/身份证 1.jpg","category":"身份证"}""", sent.Text);
        Assert.Equal("张三", result.Documents[0].AsIdCardFront()!.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/data/a\nb.jpg")]
    [InlineData("/data/a\u0000.jpg")]
    public async Task A_server_path_that_is_blank_or_holds_control_characters_is_refused_before_sending(string path)
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create();
        using var _ = client;

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.RecognizeServerFileAsync(path, cancellationToken: Ct));

        Assert.Equal("serverPath", e.ParamName);
        Assert.Equal(0, mock.GetMatchCount(route));
    }

    [Fact]
    public async Task A_server_path_over_4096_characters_is_refused_before_sending()
    {
        var (client, mock, route, _) = QingyangWireFormatTests.Create();
        using var _ = client;

        await Assert.ThrowsAsync<ArgumentException>(() => client.RecognizeServerFileAsync("/" + new string('a', 4096), cancellationToken: Ct));

        Assert.Equal(0, mock.GetMatchCount(route));
    }

    public static TheoryData<string, string> Undecodable => new()
    {
        // In these C# strings \xFF stands for one raw 0xFF byte (never valid UTF-8, see Encode); \\udc00 is a lone surrogate escape.
        { "type value", "{\"success\":true,\"result\":[{\"type\":\"\xFF\"}]}" },
        { "field value", "{\"success\":true,\"result\":[{\"type\":\"身份证正面\",\"name\":\"张\xFF\"}]}" },
        { "property name", "{\"success\":true,\"result\":[{\"type\":\"身份证正面\",\"\xFF\":\"x\"}]}" },
        { "nested value", "{\"success\":true,\"result\":[{\"type\":\"身份证正面\",\"a\":{\"b\":[1,\"\xFF\"]}}]}" },
        { "rawResult", "{\"success\":true,\"result\":[],\"rawResult\":\"\xFF\"}" },
        { "rawResult object", "{\"success\":true,\"result\":[],\"rawResult\":{\"\xFF\":1}}" },
        { "escaped lone surrogate", "{\"success\":true,\"result\":[{\"type\":\"身份证正面\",\"name\":\"\\udc00\"}]}" },
        { "top-level string", "{\"success\":true,\"cardType\":\"\xFF\",\"result\":[]}" },
        { "top-level lone surrogate", "{\"success\":true,\"fileName\":\"\\ud800\",\"result\":[]}" },
    };

    [Theory]
    [MemberData(nameof(Undecodable))]
    public async Task Text_that_is_not_valid_utf8_fails_the_read_as_invalid_response(string where, string body)
    {
        var bytes = Encode(body);
        var (client, _, _, _) = QingyangWireFormatTests.Create(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });
        using var _ = client;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg), cancellationToken: Ct));

        Assert.True(e.Kind == DocScanErrorKind.InvalidResponse, $"{where}: {e.Kind} {e.Message}");
        Assert.Equal(1, e.Attempts);
    }

    [Fact]
    public void A_document_built_from_undecodable_json_is_refused_by_the_constructor()
    {
        using var json = JsonDocument.Parse(Encode("{\"type\":\"身份证正面\",\"name\":\"\xFF\"}"));

        var e = Assert.Throws<ArgumentException>(() => new QingyangDocument(json.RootElement));

        Assert.Equal("json", e.ParamName);
    }

    private static byte[] Encode(string text)
    {
        // UTF-8 for real characters, but U+00FF stands for the raw invalid byte 0xFF.
        var parts = text.Split('\xFF');
        return parts.SelectMany((p, i) => i == 0 ? Encoding.UTF8.GetBytes(p) : new byte[] { 0xFF }.Concat(Encoding.UTF8.GetBytes(p))).ToArray();
    }
}
