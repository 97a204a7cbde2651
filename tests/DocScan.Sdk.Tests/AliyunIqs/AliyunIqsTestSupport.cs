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

    public static HttpResponseMessage Json(HttpStatusCode status, string json) => Recorder.Json(status, json);

    public static HttpResponseMessage Error(int status, string code, string message)
        => Json((HttpStatusCode)status, $$"""{"requestId":"req-{{code}}","code":"{{code}}","message":"{{message}}"}""");

    public static (AliyunIqsClient Client, MockHttpMessageHandler Mock, MockedRequest Route, Recorder Recorder) Create(
        Func<int, HttpResponseMessage>? respond = null, Action<AliyunIqsClientOptions>? configure = null)
    {
        var recorder = new Recorder(respond ?? (_ => Json(HttpStatusCode.OK, ExampleResponse)));
        var mock = new MockHttpMessageHandler();
        var route = mock.When(HttpMethod.Post, Endpoint).Respond(recorder);
        var options = TestSupport.Fast(new AliyunIqsClientOptions { ApiKey = Key });
        configure?.Invoke(options);
        return (new AliyunIqsClient(options, mock, null, null), mock, route, recorder);
    }
}
