using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.Qingyang;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.Qingyang;

public class QingyangWireFormatTests
{
    internal const string Key = "qy-test-key-0123456789";
    internal const string Endpoint = "https://api.qingyangzhichuang.com/ocr";
    internal const string ExampleResponse = """
        {
        "success": true,
        "cardType": "身份证正面",
        "tokensIn": 1523,
        "tokensOut": 89,
        "result": [
        {
        "type": "身份证正面",
        "name": "张三",
        "gender": "男",
        "ethnicity": "汉",
        "birth_date": "1990-01-01",
        "address": "北京市朝阳区XX路XX号",
        "id_number": "110101199001011234"
        }
        ],
        "rawResult": "",
        "filePath": "/path/to/idcard.jpg",
        "fileName": "idcard.jpg"
        }
        """;

    internal static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x2B, 0x2F, 0x3D, 0x00, 0x01, 0xFF, 0xD9 };

    internal static (QingyangClient Client, MockHttpMessageHandler Mock, MockedRequest Route, Recorder Recorder) Create(
        Func<int, HttpResponseMessage>? respond = null, Action<QingyangClientOptions>? configure = null)
    {
        var recorder = new Recorder(respond ?? (_ => Recorder.Json(HttpStatusCode.OK, ExampleResponse)));
        var mock = new MockHttpMessageHandler();
        var route = mock.When(HttpMethod.Post, Endpoint).Respond(recorder);
        var options = TestSupport.Fast(new QingyangClientOptions { ApiKey = Key });
        configure?.Invoke(options);
        return (new QingyangClient(options, mock, null, null), mock, route, recorder);
    }

    [Fact]
    public async Task Upload_is_multipart_part_file_with_file_name_content_type_bytes_and_auth_header()
    {
        var (client, mock, route, recorder) = Create();
        using var _ = client;

        await client.RecognizeAsync(ImageInput.FromBytes(Jpeg, "idcard.jpg"), new QingyangRecognizeOptions { Category = QingyangCategory.IdCard }, TestContext.Current.CancellationToken);

        Assert.Equal(1, mock.GetMatchCount(route));
        var sent = Assert.Single(recorder.Requests);
        Assert.Equal(Key, sent.Header("X-Auth-Key"));
        Assert.StartsWith("multipart/form-data", sent.ContentType, StringComparison.Ordinal);
        var parts = Multipart.Parse(sent.ContentType!, sent.Body);
        Assert.Equal(2, parts.Count);
        Assert.Equal("form-data; name=\"file\"; filename=\"idcard.jpg\"", parts[0].Headers["Content-Disposition"]);
        Assert.Equal("image/jpeg", parts[0].Headers["Content-Type"]);
        Assert.Equal(Jpeg, parts[0].Content);
        Assert.Equal("form-data; name=\"category\"", parts[1].Headers["Content-Disposition"]);
        Assert.False(parts[1].Headers.ContainsKey("Content-Type"));
        Assert.Equal("身份证", parts[1].Text);
    }

    [Fact]
    public async Task File_from_disk_with_a_chinese_name_is_streamed_with_an_ascii_filename_and_filename_star()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "身份证.png");
            var png = new byte[300_000];
            new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
            new Random(7).NextBytes(png.AsSpan(8));
            await File.WriteAllBytesAsync(path, png, TestContext.Current.CancellationToken);
            var (client, _, _, recorder) = Create();
            using var __ = client;

            await client.RecognizeAsync(ImageInput.FromFile(path), cancellationToken: TestContext.Current.CancellationToken);

            var sent = Assert.Single(recorder.Requests);
            var part = Assert.Single(Multipart.Parse(sent.ContentType!, sent.Body));
            Assert.Equal(
                "form-data; name=\"file\"; filename=\"image.png\"; filename*=utf-8''%E8%BA%AB%E4%BB%BD%E8%AF%81.png",
                part.Headers["Content-Disposition"]);
            Assert.Equal("image/png", part.Headers["Content-Type"]);
            Assert.Equal(png, part.Content);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task File_url_is_sent_as_json_keeping_the_signed_querys_escapes_with_the_exact_card_type_category()
    {
        var (client, _, _, recorder) = Create();
        using var _ = client;

        await client.RecognizeAsync(
            ImageInput.FromUrl("https://example.com/idcard.jpg?sig=a%2Bb"),
            new QingyangRecognizeOptions { Category = QingyangCardType.IdCardFront },
            TestContext.Current.CancellationToken);

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal(Key, sent.Header("X-Auth-Key"));
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("""{"file_url":"https://example.com/idcard.jpg?sig=a%2Bb","category":"身份证正面"}""", sent.Text);
    }

    [Fact]
    public async Task Category_is_left_out_when_not_set_and_a_raw_string_category_is_sent_unchanged()
    {
        var (client, _, _, recorder) = Create();
        using var _ = client;

        await client.RecognizeAsync(ImageInput.FromUrl("https://example.com/a.pdf"), cancellationToken: TestContext.Current.CancellationToken);
        await client.RecognizeAsync(ImageInput.FromUrl("https://example.com/a.pdf"), new QingyangRecognizeOptions { Category = "idcard_front" }, TestContext.Current.CancellationToken);

        Assert.Equal("""{"file_url":"https://example.com/a.pdf"}""", recorder.Requests[0].Text);
        Assert.Equal("""{"file_url":"https://example.com/a.pdf","category":"idcard_front"}""", recorder.Requests[1].Text);
    }
}
