using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;
using DocScan.Sdk.Tests.ClipImg;
using DocScan.Sdk.Tests.Esign;
using DocScan.Sdk.Tests.ProcessImage;
using DocScan.Sdk.Tests.Qingyang;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Tests.Fuzzing;

/// <summary>What one fuzzed call gets: the in-process server, a logger factory and (for body parsers) the mutated bytes.</summary>
internal sealed record FuzzCall(HttpMessageHandler Transport, ILoggerFactory Logs, MutatedResponse Mutated);

/// <summary>
/// One operation under fuzzing: the vendor endpoints it talks to (one of them fuzzed), the secrets that must never
/// show, and the call itself, which returns the result for the fuzzer to read through (streams are read to the end inside).
/// </summary>
internal sealed record FuzzTarget(string Name, IReadOnlyList<FuzzRoute> Routes, IReadOnlyList<string> Secrets, Func<FuzzCall, Task<object?>> Invoke)
{
    /// <summary>True when the operation parses a body handed to it, with no HTTP (callback parsing).</summary>
    public bool Offline { get; init; }

    public override string ToString() => Name;
}

/// <summary>Every operation of every vendor, each with realistic valid answers to mutate (taken from the vendor pages and unit tests).</summary>
internal static class FuzzTargets
{
    /// <summary>Small timeouts so a stalled answer costs little; every client gets them.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The whole-call budget under test.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromMilliseconds(400);

    // Distinctive values, so a leak cannot be a coincidence.
    private const string ClipImgKey = "ck_fuzz_SECRET_clipimg_7c1e94b2";
    private const string QingyangKey = "qy_fuzz_SECRET_qingyang_3f8d2a61";
    private const string AliyunKey = "iqs_fuzz_SECRET_aliyun_9b27e4c0";
    private const string ProcessImageAppId = "FuzzApp123456789";
    private const string ProcessImageSecret = "pi_fuzz_SECRET_processimage_51ac";
    private const string ProcessImageToken = "fuzzTOKENsecret0123456789abcdef0";
    private const string EsignSecret = "esignFuzzSecret0123456789";
    private const string EsignToken = "esign-fuzz-token-SECRET-42";
    private const string EsignRefresh = "esign-fuzz-refresh-SECRET-42";

    private const string ProcessImagePath = "/watermark/access";
    private const string ProcessImageTokenPath = "/fuzz/token";
    private const string ProcessImageImagePath = "/watermark/targetImages/054cd3de-471d-4379-be88-67d531b3244f.jpeg";
    private const string EsignOcrPath = "/v2/identity/auth/api/ocr/generalcharacters";
    private const string EsignAccessPath = "/v1/oauth2/access_token";
    private const string EsignRefreshPath = "/v1/oauth2/refresh_token";

    private static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x2B, 0x2F, 0x3D, 0xFF, 0xD9 };
    private static readonly byte[] Png = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3, 4 };
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    // ClipImg answers.
    private static readonly Canned ClipImgFile = Canned.Json("""
        {"code":0,"msg":"","data":{"preview_url":"https://www.clipimg.com/api/pic/scan/preview/c_preview","download_url":"https://www.clipimg.com/api/pic/scan/download/c","preview_img_name":"c_preview","img_name":"c"}}
        """);

    private static readonly Canned[] ClipImgErrors =
    {
        ClipCode(400, "参数错误"), ClipCode(402, "您的API点数已用完,请及时充值"), ClipCode(404, "图片不存在"), ClipCode(509, "处理超时,请稍后再试"),
        Canned.Json("""{"code":429,"msg":"Too Many Requests","data":null}""", HttpStatusCode.TooManyRequests),
    };

    // processimage.cn answers.
    private static readonly Canned[] ProcessImageErrors =
    {
        Canned.Json(ProcessImageTestKit.Error(401, "FAILED::token 无效")), Canned.Json(ProcessImageTestKit.Error(500, "FAILED::服务端错误")),
        Canned.Json(ProcessImageTestKit.Error(415, "FAILED::不支持的文件格式"), HttpStatusCode.UnsupportedMediaType),
        Canned.Json(ProcessImageTestKit.Status(52003)), Canned.Json(ProcessImageTestKit.Status(52002)), Canned.Json(ProcessImageTestKit.Status(52005)),
    };

    /// <summary>All targets, in a stable order (the theory's rows).</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } = Build();

    private static Canned ClipCode(int code, string msg) => Canned.Json("{\"code\":" + code.ToString(CultureInfo.InvariantCulture) + ",\"msg\":\"" + msg + "\",\"data\":null}");

    private static T Timing<T>(T options)
        where T : DocScanClientOptions
    {
        TestSupport.Fast(options);
        options.AttemptTimeout = AttemptTimeout;
        options.TotalTimeout = TotalTimeout;

        // A returned download stream is read by the fuzzer after the call: each read must progress within this.
        options.ResponseReadTimeout = AttemptTimeout;
        return options;
    }

    private static Canned[] With(Canned first, params Canned[][] rest)
    {
        var all = new List<Canned> { first };
        foreach (var r in rest)
        {
            all.AddRange(r);
        }

        return all.ToArray();
    }

    private static ClipImgClient NewClipImg(FuzzCall call) => new(Timing(new ClipImgClientOptions { ApiKey = ClipImgKey }), call.Transport, call.Logs, null);

    private static ProcessImageClient NewProcessImage(FuzzCall call, bool token)
    {
        var options = Timing(new ProcessImageClientOptions { AppId = ProcessImageAppId, AppSecret = ProcessImageSecret });
        if (token)
        {
            options.AuthMode = ProcessImageAuthMode.Token;
            options.TokenEndpoint = new Uri("https://www.processimage.cn" + ProcessImageTokenPath);
        }

        return new ProcessImageClient(options, call.Transport, call.Logs, null);
    }

    private static EsignClient NewEsign(FuzzCall call, EsignAuthMode mode)
    {
        var options = Timing(new EsignClientOptions { AppId = EsignTestKit.AppId, AppSecret = EsignSecret, AuthMode = mode });
        return new EsignClient(options, call.Transport, call.Logs, null);
    }

    private static Canned EsignTokenAnswer(string token)
    {
        string expires = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return Canned.Json("{\"code\":0,\"message\":\"成功\",\"data\":{\"token\":\"" + token + "\",\"expiresIn\":\"" + expires + "\",\"refreshToken\":\"" + EsignRefresh + "\"}}");
    }

    private static List<FuzzTarget> Build()
    {
        var quad = Quad.FromRectangle(10, 20, 300, 200);
        var list = new List<FuzzTarget>();

        // ClipImg.
        string[] clipSecrets = { ClipImgKey };
        list.Add(new("ClipImg.Scan", new[] { new FuzzRoute("/api/pic/scan", true, With(Canned.Json(ClipImgTestHost.ScanOk), ClipImgErrors)) }, clipSecrets, async c =>
        {
            using var client = NewClipImg(c);
            return await client.ScanAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));
        list.Add(new("ClipImg.Crop", new[] { new FuzzRoute("/api/pic/scan/auto_crop", true, With(ClipImgFile, ClipImgErrors)) }, clipSecrets, async c =>
        {
            using var client = NewClipImg(c);
            return await client.CropAsync("img_1", quad, new ClipImgCropOptions { CardType = ClipImgCardType.Document }).ConfigureAwait(false);
        }));
        list.Add(new("ClipImg.Layout.Card", new[] { new FuzzRoute("/api/pic/scan/auto_crop_imgs", true, With(ClipImgFile, ClipImgErrors)) }, clipSecrets, async c =>
        {
            using var client = NewClipImg(c);
            var request = new ClipImgLayoutRequest(ClipImgCardType.IdCard, new[] { new ClipImgLayoutItem("front", quad), new ClipImgLayoutItem("back", quad) });
            return await client.LayoutAsync(request).ConfigureAwait(false);
        }));
        var documentLayout = Canned.Json("""
            {"code":0,"msg":"","data":{"imgs":[{"preview_url":"https://www.clipimg.com/api/pic/scan/preview/p1_preview","download_url":"https://www.clipimg.com/api/pic/scan/download/p1","preview_img_name":"p1_preview","img_name":"p1"},{"preview_url":"u","download_url":"u","preview_img_name":"p2_preview","img_name":"p2"}],
             "pdf":{"preview_url":"u","download_url":"u","preview_img_name":"d_pdf","img_name":"d_pdf"}}}
            """);
        list.Add(new("ClipImg.Layout.Document", new[] { new FuzzRoute("/api/pic/scan/auto_crop_imgs", true, With(documentLayout, ClipImgErrors)) }, clipSecrets, async c =>
        {
            using var client = NewClipImg(c);
            var request = new ClipImgLayoutRequest(ClipImgCardType.Document, new[] { new ClipImgLayoutItem("a", quad), new ClipImgLayoutItem("b", quad) }) { PageWidth = 210, PageHeight = 297 };
            return await client.LayoutAsync(request).ConfigureAwait(false);
        }));
        list.Add(new("ClipImg.GetPreview", new[] { new FuzzRoute("/api/pic/scan/preview/p1_preview", true, With(Canned.Bytes(Png, "image/png"), ClipImgErrors)) }, clipSecrets, async c =>
        {
            using var client = NewClipImg(c);
            return await client.GetPreviewAsync("p1_preview", new MemoryStream()).ConfigureAwait(false);
        }));
        list.Add(new("ClipImg.Download", new[] { new FuzzRoute("/api/pic/scan/download/d_pdf", true, With(Canned.Bytes(Pdf, "application/pdf"), ClipImgErrors)) }, clipSecrets, async c =>
        {
            using var client = NewClipImg(c);
            return await client.DownloadAsync("d_pdf", new MemoryStream()).ConfigureAwait(false);
        }));

        // Qingyang.
        var qingyangMany = Canned.Json("""
            {"success":true,"cardType":"身份证背面,银行卡","tokensIn":10,"tokensOut":5,"result":[
             {"type":"身份证背面","issuing_authority":"北京市公安局","valid_period":"2010.01.01-2030.01.01"},
             {"type":"银行卡","card_number":"6222020200000000000","bank_name":"工商银行","valid_date":"12/30"},
             {"type":"护照","name":"ZHANG SAN","passport_number":"E12345678","nationality":"CHN"}],
             "rawResult":"{\"raw\":true}","filePath":"/p/a.jpg","fileName":"a.jpg"}
            """);
        var qingyangEnvelope = """{"success":false,"cardType":"","tokensIn":0,"tokensOut":0,"result":[],"rawResult":"","filePath":"","fileName":"","error":"{0}"}""";
        list.Add(new("Qingyang.Recognize", new[]
        {
            new FuzzRoute("/ocr", true, Canned.Json(QingyangWireFormatTests.ExampleResponse), qingyangMany,
                Canned.Json("""{"error": "Missing X-Auth-Key header"}""", HttpStatusCode.Unauthorized),
                Canned.Json(qingyangEnvelope.Replace("{0}", "File size exceeds maximum limit of 10MB", StringComparison.Ordinal), HttpStatusCode.RequestEntityTooLarge),
                Canned.Json(qingyangEnvelope.Replace("{0}", "具体错误信息", StringComparison.Ordinal)),
                Canned.Json(qingyangEnvelope.Replace("{0}", "boom", StringComparison.Ordinal), HttpStatusCode.InternalServerError)),
        }, new[] { QingyangKey }, async c =>
        {
            using var client = new QingyangClient(Timing(new QingyangClientOptions { ApiKey = QingyangKey }), c.Transport, c.Logs, null);
            return await client.RecognizeAsync(ImageInput.FromBytes(Jpeg, "idcard.jpg")).ConfigureAwait(false);
        }));

        // processimage.cn, signature mode.
        string[] piSecrets = { ProcessImageSecret, ProcessImageToken };
        var success = Canned.Json(ProcessImageTestKit.SuccessJson);
        var ack = Canned.Json(ProcessImageTestKit.AsyncAckJson);
        var ackWithUsage = Canned.Json("""
            {"httpCode":200,"httpMsg":"SUCCESS::调用成功","returnType":"json","remainingUsage":411,"longTermUsageCount":20,"limitedTermUsageCount":391,
             "limitedTermExpireTimes":"2024-01-10T17:49:45","allUsedCount":9,"data":{"processStatus":52000,"processMsg":"WAITING::异步请求"},
             "encryptedInfo":{"sign":"3cf74091cd396bdb3a37ff54c8dea6d5","imageUniqueIdentification":"20eecffbd807d6508ac7be5eb083732e"}}
            """);
        var callback = new Uri("https://app.example.com/processimage/callback");
        list.Add(new("ProcessImage.RemoveWatermark", new[] { new FuzzRoute(ProcessImagePath, true, With(success, ProcessImageErrors)) }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: false);
            return await client.RemoveWatermarkAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));
        list.Add(new("ProcessImage.Detect", new[] { new FuzzRoute(ProcessImagePath, true, With(Canned.Json(ProcessImageTestKit.Status(52006)), new[] { success }, ProcessImageErrors)) }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: false);
            return await client.DetectAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));
        list.Add(new("ProcessImage.Submit", new[] { new FuzzRoute(ProcessImagePath, true, With(ack, new[] { ackWithUsage }, ProcessImageErrors)) }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: false);
            return await client.SubmitAsync(ImageInput.FromBytes(Jpeg), callback).ConfigureAwait(false);
        }));

        // processimage.cn, token mode: the operation's answer fuzzed, then the token endpoint's.
        var tokenAnswers = new[]
        {
            Canned.Json("{\"token\":\"" + ProcessImageToken + "\",\"expiresIn\":1800}"),
            Canned.Json("{\"code\":200,\"msg\":\"ok\",\"data\":{\"accessToken\":\"" + ProcessImageToken + "\",\"expiresIn\":1800}}"),
            Canned.Bytes(Encoding.ASCII.GetBytes(ProcessImageToken), "text/plain"),
            Canned.Json("{\"code\":401,\"msg\":\"appId not allowed\"}", HttpStatusCode.Unauthorized),
            Canned.Json("{\"code\":429,\"msg\":\"100 token requests a day\"}", HttpStatusCode.TooManyRequests),
        };
        list.Add(new("ProcessImage.RemoveWatermark.Token", new[]
        {
            new FuzzRoute(ProcessImagePath, true, With(success, ProcessImageErrors)), new FuzzRoute(ProcessImageTokenPath, false, tokenAnswers[0]),
        }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: true);
            return await client.RemoveWatermarkAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));
        list.Add(new("ProcessImage.Submit.Token", new[]
        {
            new FuzzRoute(ProcessImagePath, true, With(ack, new[] { ackWithUsage }, ProcessImageErrors)), new FuzzRoute(ProcessImageTokenPath, false, tokenAnswers[0]),
        }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: true);
            return await client.SubmitAsync(ImageInput.FromBytes(Jpeg), callback).ConfigureAwait(false);
        }));
        list.Add(new("ProcessImage.TokenEndpoint", new[]
        {
            new FuzzRoute(ProcessImagePath, false, success), new FuzzRoute(ProcessImageTokenPath, true, tokenAnswers),
        }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: true);
            return await client.SubmitAsync(ImageInput.FromBytes(Jpeg), callback).ConfigureAwait(false);
        }));
        list.Add(new("ProcessImage.DownloadImage", new[]
        {
            new FuzzRoute(ProcessImageImagePath, true, Canned.Bytes(Jpeg, "image/jpeg"),
                new Canned(HttpStatusCode.NotFound, "text/html", Encoding.UTF8.GetBytes("<html><body>404 Not Found</body></html>")),
                Canned.Json(ProcessImageTestKit.Error(500, "FAILED::服务端错误"), HttpStatusCode.InternalServerError)),
        }, piSecrets, async c =>
        {
            using var client = NewProcessImage(c, token: false);
            var destination = new MemoryStream();
            return await client.DownloadImageAsync(new Uri("https://www.processimage.cn" + ProcessImageImagePath), destination).ConfigureAwait(false);
        }));
        list.Add(new("ProcessImage.Callback", new[]
        {
            new FuzzRoute("(callback body)", true, success,
                Canned.Json("""{"httpcode":"200","remainingUsage":"411","callSuccessful":9,"limitedTermExpireTimes":[2024,1,10,17,49,45],"data":{"processStatus":0,"processCount":1,"url":"https://www.processimage.cn/t/a.jpeg"},"encryptedInfo":{"imageUniqueIdentification":"20eecffbd807d6508ac7be5eb083732e"}}"""),
                Canned.Json("""{"httpCode":200,"remainingUsage":3,"limitedTermExpireTimes":{"date":{"year":2024,"month":1,"day":10},"time":{"hour":17,"minute":49,"second":45,"nano":0}},"data":{"processStatus":52001,"processMsg":"UNHANDLED::未处理"}}"""),
                Canned.Json(ProcessImageTestKit.Error(500))),
        }, Array.Empty<string>(), async c =>
        {
            // Both entry points: the span parser and the stream reader.
            if (c.Mutated.Body.Length % 2 == 0)
            {
                return ProcessImageCallback.Parse(c.Mutated.Body);
            }

            return await ProcessImageCallback.ParseAsync(new MemoryStream(c.Mutated.Body)).ConfigureAwait(false);
        })
        { Offline = true });

        // Aliyun IQS.
        list.Add(new("AliyunIqs.ScanFile", new[]
        {
            new FuzzRoute("/scan/file", true, Canned.Json(AliyunIqs.Iqs.ExampleResponse),
                Canned.Json("""{"requestId":"r1","code":"Retrieval.Throttling.User","message":"Request was denied due to user flow control."}""", HttpStatusCode.TooManyRequests),
                Canned.Json("""{"requestId":"r2","code":"Retrieval.TestUserQueryExceeded","message":"The query exceeds the limit"}""", HttpStatusCode.TooManyRequests),
                Canned.Json("""{"requestId":"r3","code":"InvalidAccessKeyId.NotFound","message":"Specified access key is not found."}""", HttpStatusCode.NotFound),
                Canned.Json("""{"requestId":"r4","code":"Retrieval.Arrears","message":"Please recharge first."}"""),
                Canned.Json("""{"requestId":"r5","code":"InternalError","message":"boom"}""", HttpStatusCode.InternalServerError)),
        }, new[] { AliyunKey }, async c =>
        {
            using var client = new AliyunIqsClient(Timing(new AliyunIqsClientOptions { ApiKey = AliyunKey }), c.Transport, c.Logs, null);
            return await client.ScanFileAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));

        // e签宝: signature mode, OAuth2 mode with the OCR answer fuzzed, OAuth2 mode with the token answer fuzzed.
        string[] esignSecrets = { EsignSecret, EsignToken, EsignRefresh };
        var ocrAnswers = new[]
        {
            Canned.Json(EsignTestKit.DocumentedResponse),
            Canned.Json("""{"code":30500101,"message":"参数错误","data":null}"""),
            Canned.Json("""{"code":"30500199","message":"识别失败"}"""),
            new Canned(HttpStatusCode.Unauthorized, null, Encoding.UTF8.GetBytes("{\"success\":false,\"code\":401,\"message\":\"TOKEN错误\"}")),
            new Canned(HttpStatusCode.Unauthorized, null, Encoding.UTF8.GetBytes("{\"success\":false,\"code\":401,\"message\":\"INVALID_SIGNATURE\"}")),
            Canned.Json("""{"code":500,"message":"系统错误"}""", HttpStatusCode.InternalServerError),
        };
        var token = EsignTokenAnswer(EsignToken);
        list.Add(new("Esign.RecognizeText", new[] { new FuzzRoute(EsignOcrPath, true, ocrAnswers) }, esignSecrets, async c =>
        {
            using var client = NewEsign(c, EsignAuthMode.Signature);
            return await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));
        list.Add(new("Esign.RecognizeText.OAuth2", new[]
        {
            new FuzzRoute(EsignOcrPath, true, ocrAnswers), new FuzzRoute(EsignAccessPath, false, token), new FuzzRoute(EsignRefreshPath, false, token),
        }, esignSecrets, async c =>
        {
            using var client = NewEsign(c, EsignAuthMode.OAuth2);
            return await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));
        list.Add(new("Esign.OAuth2Token", new[]
        {
            new FuzzRoute(EsignOcrPath, false, ocrAnswers[0]),
            new FuzzRoute(EsignAccessPath, true, token, Canned.Json("""{"code":401,"message":"appId或secret错误","data":null}"""),
                Canned.Json("{\"code\":0,\"message\":\"成功\",\"data\":{\"token\":\"" + EsignToken + "\",\"expiresIn\":7200,\"refreshToken\":\"\"}}")),
            new FuzzRoute(EsignRefreshPath, false, token),
        }, esignSecrets, async c =>
        {
            using var client = NewEsign(c, EsignAuthMode.OAuth2);
            return await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg)).ConfigureAwait(false);
        }));

        return list;
    }
}
