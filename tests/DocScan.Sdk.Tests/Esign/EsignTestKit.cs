using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;

namespace DocScan.Sdk.Tests.Esign;

/// <summary>One request as the transport saw it: raw header values (as they go on the wire) and the body bytes.</summary>
internal sealed class CapturedRequest
{
    public string Method { get; init; } = string.Empty;

    public Uri Uri { get; init; } = null!;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; init; } = Array.Empty<byte>();

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public static async Task<CapturedRequest> From(HttpRequestMessage request)
    {
        var captured = new CapturedRequest
        {
            Method = request.Method.Method,
            Uri = request.RequestUri!,
            Body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(),
        };

        // NonValidated: the values exactly as they will be written, without .NET re-formatting them.
        foreach (var h in request.Headers.NonValidated)
        {
            captured.Headers[h.Key] = h.Value.ToString();
        }

        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers.NonValidated)
            {
                captured.Headers[h.Key] = h.Value.ToString();
            }
        }

        return captured;
    }
}

internal static class EsignTestKit
{
    public const string AppId = "5111000001";
    public const string Secret = "test-secret-123";
    public const string OcrUrl = "https://openapi.esign.cn/v2/identity/auth/api/ocr/generalcharacters";

    /// <summary>The response example from the vendor's page.</summary>
    public const string DocumentedResponse = """
        {
            "code": 0,
            "message": "成功",
            "data": {
                "verifyId": "bfbaf02e-f63e-4b9d-8818-705bcc618d46",
                "angle": 0.0,
                "textDetections": [
                    {
                        "advancedInfo": "1",
                        "detectedText": "通用图片文字识别0CR",
                        "itemPolygon": { "x": 37, "y": 34, "width": 368, "height": 37 },
                        "polygon": [ { "x": 37, "y": 34 }, { "x": 404, "y": 34 }, { "x": 404, "y": 70 }, { "x": 37, "y": 70 } ]
                    },
                    {
                        "advancedInfo": "2",
                        "detectedText": "接口描述",
                        "itemPolygon": { "x": 37, "y": 104, "width": 80, "height": 22 },
                        "polygon": [ { "x": 37, "y": 104 }, { "x": 116, "y": 104 }, { "x": 116, "y": 125 }, { "x": 37, "y": 125 } ]
                    },
                    {
                        "advancedInfo": "3",
                        "detectedText": "对上传的任意图片进行OCR识别,返回图片上的信息(不要求图片符合具体的某种文本样式)",
                        "itemPolygon": { "x": 36, "y": 137, "width": 614, "height": 19 },
                        "polygon": [ { "x": 36, "y": 137 }, { "x": 649, "y": 137 }, { "x": 649, "y": 155 }, { "x": 36, "y": 155 } ]
                    }
                ]
            }
        }
        """;

    public static EsignClientOptions Options(EsignAuthMode mode = EsignAuthMode.Signature)
        => TestSupport.Fast(new EsignClientOptions { AppId = AppId, AppSecret = Secret, AuthMode = mode });

    /// <summary>A JPEG-looking image of <paramref name="length"/> bytes with reproducible content.</summary>
    public static byte[] Jpeg(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        bytes[3] = 0xE0;
        return bytes;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>A gateway refusal as the gateway sends it: HTTP 401, no content type.</summary>
    public static HttpResponseMessage Gateway(string message)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"success\":false,\"code\":401,\"message\":\"" + message + "\"}"));
        return new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = content };
    }

    public static string Ok(string dataJson) => "{\"code\":0,\"message\":\"成功\",\"data\":" + dataJson + "}";
}
