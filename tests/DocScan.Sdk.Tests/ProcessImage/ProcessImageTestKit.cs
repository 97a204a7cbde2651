using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.ProcessImage;

/// <summary>One request as the vendor would have received it.</summary>
internal sealed record Captured(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    public List<FormPart> Parts() => Multipart.Parse(ContentType!, Body);

    public FormPart Part(string name) => Parts().Single(p => p.Name == name);

    public string Field(string name) => Encoding.UTF8.GetString(Part(name).Body);

    public bool HasField(string name) => Parts().Any(p => p.Name == name);
}

internal sealed record FormPart(string Disposition, string? Name, string? FileName, string? ContentType, byte[] Body);

internal static class Multipart
{
    /// <summary>Splits a multipart/form-data body into parts (enough for the SDK's own bodies).</summary>
    public static List<FormPart> Parse(string contentType, byte[] body)
    {
        string boundary = contentType.Split("boundary=")[1].Trim('"');
        var text = Encoding.Latin1.GetString(body); // byte-preserving
        var parts = new List<FormPart>();
        foreach (var chunk in text.Split("--" + boundary).Skip(1))
        {
            if (chunk.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            int split = chunk.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = chunk.Substring(2, split - 2).Split("\r\n");
            var content = chunk.Substring(split + 4, chunk.Length - split - 4 - 2); // drop the CRLF before the next boundary
            string disposition = headers.Single(h => h.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase)).Substring(20).Trim();
            string? type = headers.FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?.Substring(13).Trim();
            parts.Add(new FormPart(disposition, Param(disposition, "name"), Param(disposition, "filename"), type, Encoding.Latin1.GetBytes(content)));
        }

        return parts;
    }

    private static string? Param(string disposition, string name)
    {
        foreach (var p in disposition.Split(';').Select(s => s.Trim()))
        {
            if (p.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return p.Substring(name.Length + 1).Trim('"');
            }
        }

        return null;
    }
}

/// <summary>Builds clients on MockHttp and records what they send.</summary>
internal sealed class ProcessImageTestKit : IDisposable
{
    public const string AppId = "AbCdEfGh12345678";
    public const string AppSecret = "0123456789abcdefABCDEF!@#$%^&*()";
    public const string Endpoint = "https://www.processimage.cn/watermark/access";

    public static readonly byte[] ExampleImage = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Encoding.ASCII.GetBytes("test-image-bytes")).ToArray();

    public const string SuccessJson = """
        {
        "httpCode": 200,
        "httpMsg": "SUCCESS::调用成功",
        "returnType": "json",
        "remainingUsage": 411,
        "longTermUsageCount": 20,
        "limitedTermUsageCount": 391,
        "limitedTermExpireTimes": "2024-01-10T17:49:45",
        "allUsedCount": 9,
        "data": {
        "processStatus": 0,
        "processCount": 2,
        "processMsg": "SUCCESS::处理成功",
        "processLocation": [
        { "x": 241, "y": 624, "w": 595, "h": 1335, "lineCount": 10, "word": "坚持党的领导 坚持人民至上" },
        { "x": 305, "y": 2256, "w": 495, "h": 45, "lineCount": 2, "word": "VA 抖音号*******" }
        ],
        "url": "https://www.processimage.cn/watermark/targetImages/054cd3de-471d-4379-be88-67d531b3244f.jpeg"
        },
        "encryptedInfo": { "sign": "fc168bf32fcd56b3b1e71031209e7e83", "imageUniqueIdentification": "20eecffbd807d6508ac7be5eb083732e" }
        }
        """;

    public const string AsyncAckJson = """
        {"httpCode":200,"httpMsg":"SUCCESS::调用成功","returnType":"json","remainingUsage":411,"data":{"processStatus":52000,"processMsg":"WAITING::异步请求"},
         "encryptedInfo":{"sign":"3cf74091cd396bdb3a37ff54c8dea6d5","imageUniqueIdentification":"20eecffbd807d6508ac7be5eb083732e"}}
        """;

    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _replies = new();
    private Func<HttpResponseMessage>? _last;

    public ProcessImageTestKit()
    {
        Mock.When(HttpMethod.Post, Endpoint).Respond(async request =>
        {
            var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync();
            var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
            lock (Requests)
            {
                Requests.Add(new Captured(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body));
            }

            return _replies.TryDequeue(out var next) ? (_last = next)() : (_last ?? (() => Json(SuccessJson)))();
        });
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public List<Captured> Requests { get; } = new();

    public static ProcessImageClientOptions SignatureOptions() => TestSupport.Fast(new ProcessImageClientOptions { AppId = AppId, AppSecret = AppSecret });

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static string Error(int httpCode, string msg = "FAILED::失败", int processStatus = 52001)
        => $$$"""{"httpCode":{{{httpCode}}},"httpMsg":"{{{msg}}}","returnType":"json","msgInnerReferer":"ExceptionHandler[X.class]","location":"1.2.3.4","data":{"processStatus":{{{processStatus}}},"processMsg":"UNHANDLED::未处理"}}""";

    public static string Status(int processStatus, string url = "https://www.processimage.cn/watermark/targetImages/a.jpeg")
        => $$$"""{"httpCode":200,"httpMsg":"OK","data":{"processStatus":{{{processStatus}}},"processMsg":"m{{{processStatus}}}","processCount":1,"processLocation":[{"x":1,"y":2,"w":3,"h":4,"lineCount":1,"word":"水印"}],"url":"{{{url}}}"}}""";

    /// <summary>Queues replies in order; the last one repeats.</summary>
    public ProcessImageTestKit Reply(params Func<HttpResponseMessage>[] replies)
    {
        foreach (var r in replies)
        {
            _replies.Enqueue(r);
        }

        return this;
    }

    public ProcessImageTestKit ReplyJson(params string[] bodies)
        => Reply(bodies.Select(b => (Func<HttpResponseMessage>)(() => Json(b))).ToArray());

    public ProcessImageClient Client(ProcessImageClientOptions options, ILoggerFactory? logs = null, TimeProvider? time = null)
        => new(options, Mock, logs, time);

    public void Dispose() => Mock.Dispose();
}
