using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.AliyunIqs;

/// <summary>What one request looked like on the wire.</summary>
internal sealed record SentRequest(Uri Uri, HttpRequestHeaders Headers, string? ContentType, long? ContentLength, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>A transport (behind MockHttp's Respond) that records every request's bytes and answers by attempt number.</summary>
internal sealed class Recorder : HttpMessageHandler
{
    private readonly Func<int, HttpResponseMessage> _respond;

    public Recorder(Func<int, HttpResponseMessage> respond) => _respond = respond;

    public List<SentRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var declared = request.Content?.Headers.ContentLength;
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add(new SentRequest(request.RequestUri!, request.Headers, request.Content?.Headers.ContentType?.ToString(), declared, body));
            return _respond(Requests.Count);
        }
    }
}

internal static class Iqs
{
    public const string Key = "iqs-test-key-9876543210";
    public const string Endpoint = "https://cloud-iqs.aliyuncs.com/scan/file";

    public const string ExampleResponse = """
        {
        "requestId": "c182ff0b-0a16-4a6d-a586-9841495bb3a2",
        "scanFileInfoList": [
        {
        "angle": 0,
        "height": 2178,
        "width": 1539,
        "imageBase64": "/9j/4AAQSkZJRgAgAooAKKACigD//Z"
        }
        ],
        "searchInformation": {
        "searchTime": 1265
        }
        }
        """;

    // Bytes 9-11 (FB EF BE) encode as "++++": the body must keep '+' unescaped.
    public static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', 0xFB, 0xEF, 0xBE, 0x00, 0xFF, 0xD9 };

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Error(int status, string code, string message)
        => Json((HttpStatusCode)status, $$"""{"requestId":"req-{{code}}","code":"{{code}}","message":"{{message}}"}""");

    public static (AliyunIqsClient Client, MockHttpMessageHandler Mock, MockedRequest Route, Recorder Recorder) Create(
        Func<int, HttpResponseMessage>? respond = null, Action<AliyunIqsOptions>? configure = null)
    {
        var recorder = new Recorder(respond ?? (_ => Json(HttpStatusCode.OK, ExampleResponse)));
        var mock = new MockHttpMessageHandler();
        var route = mock.When(HttpMethod.Post, Endpoint).Respond(recorder);
        var options = TestSupport.Fast(new AliyunIqsOptions { ApiKey = Key });
        configure?.Invoke(options);
        return (new AliyunIqsClient(options, mock, null, null), mock, route, recorder);
    }
}
