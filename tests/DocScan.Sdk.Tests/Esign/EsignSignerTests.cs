using System;
using System.Text;
using DocScan.Sdk.Esign;

namespace DocScan.Sdk.Tests.Esign;

public class EsignSignerTests
{
    private const string Secret = "test-secret-123";
    private const string OcrPath = "/v2/identity/auth/api/ocr/generalcharacters";

    [Fact]
    public void Content_md5_of_the_worked_example_is_base64_of_the_binary_digest()
    {
        var body = Encoding.UTF8.GetBytes("{\"requestId\":\"123456\",\"image\":\"/9j/4AAQSkZJRgABAQEAS\"}");

        Assert.Equal(54, body.Length);
        Assert.Equal("Xh5BxLTDSPRwRDztNfdJcw==", EsignSigner.ComputeContentMd5(body));
    }

    [Fact]
    public void Signs_the_worked_POST_example()
    {
        var signer = new EsignSigner(Secret);

        var signature = signer.Sign("POST", "*/*", "Xh5BxLTDSPRwRDztNfdJcw==", "application/json;charset=UTF-8", string.Empty, OcrPath);

        Assert.Equal("lKd/fCftZveLX9BoYbUQgE74TKhD2knHXDm96rzp/cY=", signature);
    }

    [Fact]
    public void Signs_the_worked_GET_example_with_its_query_sorted()
    {
        var signer = new EsignSigner(Secret);

        var signature = signer.Sign("GET", "*/*", string.Empty, "application/json; charset=UTF-8", null, "/v1/oauth-free/example?b=2&a=1");

        Assert.Equal("Z8TqEef4SatGtqI7B+tmkbdfQFhQcMBUvvvFlWF+1nA=", signature);
    }

    [Fact]
    public void String_to_sign_ends_every_header_part_with_a_newline_even_when_empty()
    {
        var text = EsignSigner.BuildStringToSign("GET", "*/*", null, null, null, "/v1/oauth-free/example?b=2&a=1");

        Assert.Equal("GET\n*/*\n\n\n\n/v1/oauth-free/example?a=1&b=2", text);
    }

    [Theory]
    [InlineData("/v1/x", "/v1/x")]
    [InlineData("/v1/x?", "/v1/x")]
    [InlineData("/v1/x?b=2&a=1&c=3", "/v1/x?a=1&b=2&c=3")]
    [InlineData("/v1/x?b=&a=1", "/v1/x?a=1&b")]
    [InlineData("/v1/x?k=2&K=1&k=1", "/v1/x?K=1&k=2&k=1")]
    [InlineData("/v1/x?a=%2B1", "/v1/x?a=%2B1")]
    public void Canonical_resource_sorts_parameters_by_name_and_keeps_raw_values(string pathAndQuery, string expected)
    {
        Assert.Equal(expected, EsignSigner.CanonicalResource(pathAndQuery));
    }

    [Fact]
    public void A_different_content_type_spelling_changes_the_signature()
    {
        var signer = new EsignSigner(Secret);

        var compact = signer.Sign("POST", "*/*", "Xh5BxLTDSPRwRDztNfdJcw==", "application/json;charset=UTF-8", null, OcrPath);
        var spaced = signer.Sign("POST", "*/*", "Xh5BxLTDSPRwRDztNfdJcw==", "application/json; charset=UTF-8", null, OcrPath);

        Assert.NotEqual(compact, spaced);
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var text = new EsignSigner(Secret).ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EsignSigner(string.Empty));
    }
}
