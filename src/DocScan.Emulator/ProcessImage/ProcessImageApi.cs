using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DocScan.Emulator.ProcessImage;

/// <summary>
/// processimage.cn watermark removal (seed 002 and the vendor's published server): <c>POST /watermark/access</c>,
/// multipart only, image part <c>uploadFile</c>, signature <c>md5(appId + md5hex(image) + salt + appSecret)</c> in
/// <c>x-access-api-sign</c> with form fields <c>appId</c>/<c>salt</c>, or a token in <c>x-access-api-token</c>.
/// Nearly every error is HTTP 200 with the status in the body's <c>httpCode</c>; 415 and 500 are real statuses.
/// </summary>
internal sealed partial class ProcessImageApi : VendorApi
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly string[] OffsetKeys = ["+x", "-x", "+y", "-y", "+w", "-w", "+h", "-h"];

    private readonly ProcessImageEmulatorOptions _options;
    private readonly Quota _quota;
    private readonly ResultStore _files;
    private readonly ConcurrentDictionary<string, CachedResult> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly DailyCounter _tokenFetches = new();
    private readonly List<EmulatorCallback> _callbacks = [];
    private readonly object _gate = new();
    private readonly DateTimeOffset _limitedTermExpiry;
    private int _remaining;
    private int _used;

    public ProcessImageApi(EmulatorState state)
        : base(state, EmulatorVendor.ProcessImage)
    {
        _options = state.Options.ProcessImage;
        _quota = new Quota(state.Options.QuotaTolerance, (_options.RequestsPerSecond, TimeSpan.FromSeconds(1)));
        _files = new ResultStore(state.Time, _options.ResultLifetime);
        _remaining = _options.InitialUsage;
        _limitedTermExpiry = state.Time.GetUtcNow().AddDays(30);
    }

    public int RemainingUsage
    {
        get => Volatile.Read(ref _remaining);
        set => Volatile.Write(ref _remaining, value);
    }

    public override string JsonContentType => "application/json;charset=UTF-8";

    public IReadOnlyList<EmulatorCallback> Callbacks()
    {
        lock (_gate)
        {
            return [.. _callbacks];
        }
    }

    public override void Map(IEndpointRouteBuilder routes)
    {
        Post(routes, "/watermark/access", AccessAsync);
        Get(routes, "/watermark/targetImages/{name}", ImageAsync);
        Post(routes, "/emulator/processimage/token", TokenAsync);
        Get(routes, "/emulator/processimage/token", TokenAsync);
    }

    public override (int Status, JsonNode Body) Error(string code, string? message)
    {
        int number = int.TryParse(code, out int n) ? n : 500;
        if (number is >= 52000 and <= 52006)
        {
            // A processing status: the request itself succeeded.
            var body = Envelope(200, "SUCCESS::调用成功");
            body["data"] = new JsonObject { ["processStatus"] = number, ["processMsg"] = message ?? ProcessMessage(number) };
            return (StatusCodes.Status200OK, body);
        }

        int status = number is 415 or 500 or 503 ? number : StatusCodes.Status200OK;
        return (status, Failure(number, message ?? HttpMessage(number), "ExceptionHandler[EmulatorInjectedFault]", "127.0.0.1"));
    }

    private static string ProcessMessage(int status) => status switch
    {
        52000 => "WAITING::异步请求",
        52001 => "UNHANDLED::因其他问题导致未处理",
        52002 => "UNHANDLED::未识别到图片中的文字水印",
        52003 => "FAILED::请求超时",
        52004 => "FAILED::服务端系统出错",
        52005 => "SUCCESS::处理成功,但偏移量参数未生效",
        52006 => "SUCCESS::仅识别文字水印,未去除",
        _ => "SUCCESS::处理成功",
    };

    private static string HttpMessage(int code) => code switch
    {
        400 => "FAILED::请求参数错误",
        401 => "FAILED::签名错误",
        403 => "FAILED::拒绝请求,账户可使用次数不足",
        405 => "FAILED::请求方法不被允许",
        413 => "FAILED::上传文件大小超出限制,最大 4 MB",
        415 => "FAILED::不支持的图片类型,仅支持 image/png image/bmp image/jpeg",
        429 => "FAILED::请求频率超出 QPS 限制",
        503 => "FAILED::服务正在关闭",
        _ => "FAILED::服务端系统出错",
    };

    private JsonObject Envelope(int httpCode, string httpMsg)
    {
        var body = new JsonObject
        {
            ["httpCode"] = httpCode,
            ["httpMsg"] = httpMsg,
            ["returnType"] = "json",
            ["remainingUsage"] = RemainingUsage,
            ["longTermUsageCount"] = RemainingUsage,
            ["limitedTermUsageCount"] = 0,
            ["limitedTermExpireTimes"] = _limitedTermExpiry.ToOffset(ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        };
        body[_options.UsageCountField] = Volatile.Read(ref _used);
        return body;
    }

    private static JsonObject Failure(int httpCode, string message, string referer, string location) => new()
    {
        ["httpCode"] = httpCode,
        ["httpMsg"] = message,
        ["returnType"] = "json",
        ["msgInnerReferer"] = referer,
        ["location"] = location,
        ["data"] = new JsonObject { ["processStatus"] = 52001, ["processMsg"] = ProcessMessage(52001) },
    };

    private Task FailAsync(HttpContext context, int httpCode, string? message = null, string referer = "ExceptionHandler[IllegalArgumentException.class]")
    {
        Exchange.Of(context).Mark(httpCode switch
        {
            401 => "unauthorized",
            403 => "quota",
            429 => "throttled",
            _ => "invalid",
        }, httpCode.ToString(CultureInfo.InvariantCulture));
        int status = httpCode is 415 or 500 or 503 ? httpCode : StatusCodes.Status200OK;
        string location = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        return Reply.JsonAsync(context, status, Failure(httpCode, message ?? HttpMessage(httpCode), referer, location), JsonContentType);
    }

    private async Task AccessAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType || !context.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            await FailAsync(context, 400, "FAILED::请求必须是 multipart/form-data", "ExceptionHandler[MultipartException.class]");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var upload = form.Files.GetFile(_options.FilePartName);
        byte[]? image = null;
        if (upload is not null)
        {
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, context.RequestAborted);
            image = buffer.ToArray();
        }

        // Authentication: a signature header selects signature mode, otherwise a token is required.
        string? sign = context.Request.Headers["x-access-api-sign"].FirstOrDefault();
        string? token = context.Request.Headers["x-access-api-token"].FirstOrDefault();
        string appId;
        if (!string.IsNullOrEmpty(sign))
        {
            appId = form["appId"].FirstOrDefault() ?? "";
            string salt = form["salt"].FirstOrDefault() ?? "";
            if (appId.Length == 0 || salt.Length == 0)
            {
                await FailAsync(context, 400, "FAILED::签名方式必须提供表单字段 appId 和 salt");
                return;
            }

            if (!SaltPattern().IsMatch(salt))
            {
                await FailAsync(context, 400, "FAILED::salt 必须是 8 位整数且首位不为 0 (10000000-99999999)");
                return;
            }

            if (image is null)
            {
                await FailAsync(context, 400, $"FAILED::签名方式必须以文件部分 {_options.FilePartName} 上传图片");
                return;
            }

            if (!string.Equals(appId, _options.AppId, StringComparison.Ordinal)
                || !string.Equals(sign, Signature(appId, image, salt, _options.AppSecret), StringComparison.Ordinal))
            {
                await FailAsync(context, 401, "FAILED::签名错误", "ExceptionHandler[SignatureFailedException.class]");
                return;
            }
        }
        else if (!string.IsNullOrEmpty(token))
        {
            if (!TokenValid(token))
            {
                await FailAsync(context, 401, "FAILED::token 无效或已过期", "ExceptionHandler[TokenFailedException.class]");
                return;
            }

            appId = _options.AppId;
        }
        else
        {
            await FailAsync(context, 401, "FAILED::缺少请求头 x-access-api-sign 或 x-access-api-token", "ExceptionHandler[SignatureFailedException.class]");
            return;
        }

        if (!_quota.TryAdmit(appId, Exchange.Of(context).ReceivedAt))
        {
            State.Counters.AddThrottled(Vendor);
            await FailAsync(context, 429, referer: "ExceptionHandler[QpsLimitException.class]");
            return;
        }

        if (image is null)
        {
            string? base64 = form["imageBase64"].FirstOrDefault();
            if (!string.IsNullOrEmpty(base64))
            {
                var match = DataUrlPattern().Match(base64);
                if (!match.Success || !TryDecode(base64.AsSpan(match.Length), out image))
                {
                    await FailAsync(context, 400, "FAILED::imageBase64 必须以 data:image/(png|bmp|jpeg);base64, 开头并且是有效的 Base64");
                    return;
                }
            }
            else if (!string.IsNullOrEmpty(form["imageUrl"].FirstOrDefault()))
            {
                await FailAsync(context, 400, "FAILED::imageUrl 暂不可用,请上传图片文件");
                return;
            }
            else
            {
                await FailAsync(context, 400, $"FAILED::缺少图片,请以文件部分 {_options.FilePartName} 上传");
                return;
            }
        }

        if (image.Length > _options.MaxFileBytes)
        {
            await FailAsync(context, 413, referer: "ExceptionHandler[MaxUploadSizeExceededException.class]");
            return;
        }

        var kind = ImageProbe.Kind(image);
        if (kind is not (ImageKind.Png or ImageKind.Bmp or ImageKind.Jpeg))
        {
            await FailAsync(context, 415, referer: "ExceptionHandler[HttpMediaTypeNotSupportedException.class]");
            return;
        }

        if (!TryReadOptions(form, out var request, out string? problem))
        {
            await FailAsync(context, 400, "FAILED::" + problem);
            return;
        }

        if (RemainingUsage <= 0)
        {
            await FailAsync(context, 403, referer: "ExceptionHandler[UsageExhaustedException.class]");
            return;
        }

        string imageMd5 = Convert.ToHexStringLower(MD5.HashData(image));
        var encrypted = new JsonObject
        {
            ["sign"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(appId + imageMd5 + Reply.NewName()))),
            ["imageUniqueIdentification"] = imageMd5,
        };
        string cacheKey = $"{appId}|{imageMd5}|{request.CacheKey}";
        var now = Time.GetUtcNow();

        if (!request.Async && _cache.TryGetValue(cacheKey, out var cached) && now - cached.CreatedAt < _options.ResultLifetime)
        {
            var hit = Envelope(304, "CACHE::本次响应为缓存数据,未作任何修改");
            hit["data"] = cached.Data.DeepClone();
            hit["encryptedInfo"] = encrypted;
            Exchange.Of(context).Mark("cached", "304");
            await Reply.JsonAsync(context, StatusCodes.Status200OK, hit, JsonContentType);
            return;
        }

        var (data, charged) = Process(image, kind, request, now);
        if (charged)
        {
            Interlocked.Decrement(ref _remaining);
            Interlocked.Increment(ref _used);
            State.Counters.AddCharged(Vendor);
        }

        var reply = Envelope(200, "SUCCESS::调用成功");
        reply["encryptedInfo"] = encrypted;
        int processStatus = (int)data["processStatus"]!;
        if (request.Async)
        {
            var full = (JsonObject)reply.DeepClone();
            full["data"] = data;
            full["limitedTermExpireTimes"] = JavaBeanDateTime(_limitedTermExpiry.ToOffset(ChinaOffset));
            string callback = request.Callback!;
            State.RunInBackground(ct => DeliverAsync(callback, full, ct));
            reply["data"] = new JsonObject { ["processStatus"] = 52000, ["processMsg"] = ProcessMessage(52000) };
            Exchange.Of(context).Mark("accepted", "52000", charged);
        }
        else
        {
            reply["data"] = data;
            if (processStatus is 0 or 52005 or 52006)
            {
                _cache[cacheKey] = new CachedResult((JsonObject)data.DeepClone(), now);
            }

            Exchange.Of(context).Mark(processStatus == 52002 ? "not-processed" : "ok", processStatus.ToString(CultureInfo.InvariantCulture), charged);
        }

        await Reply.JsonAsync(context, StatusCodes.Status200OK, reply, JsonContentType);
    }

    /// <summary>Finds (or takes) the regions, applies the options and stores the "cleaned" image.</summary>
    private (JsonObject Data, bool Charged) Process(byte[] image, ImageKind kind, AccessRequest request, DateTimeOffset now)
    {
        var (width, height) = ImageProbe.Size(image);
        List<Region> regions;
        int status = 0;
        if (request.Rectangles is { } rectangles)
        {
            regions = rectangles;
        }
        else
        {
            regions = Detect(width, height);
            if (request.Names is { } names)
            {
                regions = [.. regions.Where(r => names.Any(n => Matches(r.Word, n)))];
            }
            else if (request.Excluded is { } excluded)
            {
                regions = [.. regions.Where(r => !excluded.Any(n => Matches(r.Word, n)))];
            }

            if (request.Offset is { } offset && regions.Count > 0)
            {
                var moved = regions.Select(r => r.Offset(offset)).ToList();
                if (moved.All(r => r.X >= 0 && r.Y >= 0 && r.W > 0 && r.H > 0 && r.X + r.W <= width && r.Y + r.H <= height))
                {
                    regions = moved;
                }
                else
                {
                    status = 52005;
                }
            }
        }

        if (regions.Count == 0)
        {
            return (new JsonObject { ["processStatus"] = 52002, ["processMsg"] = ProcessMessage(52002) }, false);
        }

        if (request.OcrOnly)
        {
            status = 52006;
        }

        var data = new JsonObject
        {
            ["processStatus"] = status,
            ["processCount"] = regions.Count,
            ["processMsg"] = ProcessMessage(status),
            ["processLocation"] = new JsonArray([.. regions.Select(r => (JsonNode)r.ToJson())]),
        };
        if (!request.OcrOnly)
        {
            // The "cleaned" image is the upload itself (the emulator removes nothing); it is kept like the vendor's.
            string name = $"{Guid.NewGuid()}.{ImageProbe.Extension(kind)}";
            _files.Put(name, new StoredFile(image, ImageProbe.MediaType(kind), name, now, _options.AppId));
            data["url"] = $"{BaseUrl}/watermark/targetImages/{name}";
        }

        return (data, true);
    }

    private static List<Region> Detect(int width, int height)
    {
        if (width < 32 || height < 32)
        {
            return [];
        }

        return
        [
            new Region(width * 5 / 100, height * 4 / 100, width * 45 / 100, Math.Max(8, height * 3 / 100), 1, "示例水印 DocScan Emulator"),
            new Region(width * 55 / 100, height * 92 / 100, width * 40 / 100, Math.Max(8, height * 4 / 100), 1, "抖音号:emulator"),
        ];
    }

    /// <summary><c>absolute</c> needs the same text; <c>similar</c>/<c>default</c> accept either text containing the other (case-insensitive).</summary>
    private static bool Matches(string word, (string Value, string Rule) name)
        => name.Rule == "absolute"
            ? string.Equals(word, name.Value, StringComparison.Ordinal)
            : word.Contains(name.Value, StringComparison.OrdinalIgnoreCase) || name.Value.Contains(word, StringComparison.OrdinalIgnoreCase);

    private async Task DeliverAsync(string url, JsonObject body, CancellationToken cancellationToken)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(body, Reply.Json);
        int attempts = 0, status = 0;
        string? error = null;
        while (attempts < 2 && !cancellationToken.IsCancellationRequested)
        {
            attempts++;
            try
            {
                using var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new("application/json") { CharSet = "UTF-8" };
                using var response = await State.CallbackClient.PostAsync(new Uri(url), content, cancellationToken);
                status = (int)response.StatusCode;
                error = null;
                if (status == StatusCodes.Status200OK)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                status = 0;
                error = e.Message;
            }
        }

        bool delivered = status == StatusCodes.Status200OK;
        if (delivered)
        {
            State.Counters.AddCallbackDelivered();
        }

        lock (_gate)
        {
            _callbacks.Add(new EmulatorCallback(new Uri(url), Encoding.UTF8.GetString(bytes), attempts, status, delivered, error, Time.GetUtcNow()));
        }
    }

    private async Task ImageAsync(HttpContext context)
    {
        string name = (string)context.Request.RouteValues["name"]!;
        if (_files.Get(name) is not { } file)
        {
            Exchange.Of(context).Mark("not-found", null);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Exchange.Of(context).Mark("ok", null);
        await Reply.BytesAsync(context, file.Data, file.ContentType);
    }

    /// <summary>
    /// The emulator's own token endpoint (the vendor documents none): <c>appId</c> and <c>appSecret</c> as form
    /// fields, JSON or query; or a <c>GET</c> with only <c>?appId=</c>, the shape the SDK's configured-URL token
    /// source sends (it never sends the secret: the vendor's console whitelists caller IPs, which loopback stands in
    /// for here). A new token cuts older ones of the app to the grace period; 100 fetches a day.
    /// </summary>
    private async Task TokenAsync(HttpContext context)
    {
        string? appId = context.Request.Query["appId"].FirstOrDefault(), secret = context.Request.Query["appSecret"].FirstOrDefault();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            appId ??= form["appId"].FirstOrDefault();
            secret ??= form["appSecret"].FirstOrDefault();
        }
        else if (JsonBody.IsJson(context.Request) && await JsonBody.ReadObjectAsync(context.Request) is { } document)
        {
            using (document)
            {
                if (JsonBody.Has(document.RootElement, "appId", out var a) && a.ValueKind == JsonValueKind.String)
                {
                    appId ??= a.GetString();
                }

                if (JsonBody.Has(document.RootElement, "appSecret", out var s) && s.ValueKind == JsonValueKind.String)
                {
                    secret ??= s.GetString();
                }
            }
        }

        bool whitelisted = HttpMethods.IsGet(context.Request.Method) && secret is null;
        if (!string.Equals(appId, _options.AppId, StringComparison.Ordinal) || (!whitelisted && !string.Equals(secret, _options.AppSecret, StringComparison.Ordinal)))
        {
            await FailAsync(context, 401, "FAILED::appId 或 appSecret 错误", "ExceptionHandler[TokenFailedException.class]");
            return;
        }

        var now = Time.GetUtcNow();
        if (!_tokenFetches.TryTake(appId!, _options.DailyTokenLimit, now))
        {
            await FailAsync(context, 429, "FAILED::获取 token 次数超出每日限制 (100 次)", "ExceptionHandler[TokenLimitException.class]");
            return;
        }

        string token = Reply.NewName();
        lock (_gate)
        {
            var graceEnd = now + _options.TokenGrace;
            foreach (var old in _tokens.Keys.ToList())
            {
                if (_tokens[old] > graceEnd)
                {
                    _tokens[old] = graceEnd;
                }
            }

            _tokens[token] = now + _options.TokenLifetime + _options.TokenGrace;
        }

        State.Counters.AddProcessImageTokenFetch();
        Exchange.Of(context).Mark("ok", "200");
        await Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["httpCode"] = 200,
            ["httpMsg"] = "SUCCESS::获取成功",
            ["returnType"] = "json",
            ["data"] = new JsonObject
            {
                ["token"] = token,
                ["expiresIn"] = (int)_options.TokenLifetime.TotalSeconds,
                ["expireTime"] = (now + _options.TokenLifetime).ToOffset(ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            },
        }, JsonContentType);
    }

    private bool TokenValid(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out var until) && Time.GetUtcNow() < until;
        }
    }

    /// <summary>Lowercase hex <c>md5(appId + md5hex(image) + salt + appSecret)</c>.</summary>
    internal static string Signature(string appId, ReadOnlySpan<byte> image, string salt, string appSecret)
    {
        string imageMd5 = Convert.ToHexStringLower(MD5.HashData(image));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(appId + imageMd5 + salt + appSecret)));
    }

    private static bool TryDecode(ReadOnlySpan<char> base64, out byte[] bytes)
    {
        bytes = new byte[(base64.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64Chars(base64, bytes, out int written))
        {
            Array.Resize(ref bytes, written);
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>Reads the option fields exactly as the server checks them.</summary>
    private static bool TryReadOptions(IFormCollection form, out AccessRequest request, out string? problem)
    {
        request = new AccessRequest();
        problem = null;
        var flags = new Dictionary<string, bool>();
        foreach (string field in new[] { "sync", "ocrOnly", "show" })
        {
            string? value = form[field].FirstOrDefault();
            if (value is null)
            {
                flags[field] = false;
                continue;
            }

            if (value is not ("true" or "false"))
            {
                problem = $"{field} 只能是小写的 true 或 false";
                return false;
            }

            flags[field] = value == "true";
        }

        string? callback = form["callback"].FirstOrDefault();
        if (flags["sync"] && (!Uri.TryCreate(callback, UriKind.Absolute, out var callbackUri) || (callbackUri.Scheme != Uri.UriSchemeHttp && callbackUri.Scheme != Uri.UriSchemeHttps)))
        {
            problem = "sync 为 true (异步) 时必须提供 http(s) 的 callback 地址";
            return false;
        }

        List<Region>? rectangles = null;
        if (form["rectangles"].FirstOrDefault() is { Length: > 0 } rectanglesJson && !TryRectangles(rectanglesJson, out rectangles))
        {
            problem = "rectangles 必须是非空的 [{\"x\":..,\"y\":..,\"w\":..,\"h\":..}] 整数数组";
            return false;
        }

        string? namesJson = form["watermarkNames"].FirstOrDefault(), excludedJson = form["excludeKeywords"].FirstOrDefault();
        if (!string.IsNullOrEmpty(namesJson) && !string.IsNullOrEmpty(excludedJson))
        {
            problem = "watermarkNames 和 excludeKeywords 只能指定其中一个";
            return false;
        }

        List<(string, string)>? names = null, excluded = null;
        if (!string.IsNullOrEmpty(namesJson) && !TryItems(namesJson, out names))
        {
            problem = "watermarkNames 必须是 {\"items\":[{\"value\":..,\"rule\":..}]} 且 items 非空";
            return false;
        }

        if (!string.IsNullOrEmpty(excludedJson) && !TryItems(excludedJson, out excluded))
        {
            problem = "excludeKeywords 必须是 {\"items\":[{\"value\":..,\"rule\":..}]} 且 items 非空";
            return false;
        }

        Dictionary<string, int>? offset = null;
        if (form["offset"].FirstOrDefault() is { Length: > 0 } offsetJson && !TryOffset(offsetJson, out offset))
        {
            problem = "offset 必须是最多 4 个 +x -x +y -y +w -w +h -h 键的整数对象";
            return false;
        }

        request = new AccessRequest
        {
            Async = flags["sync"],
            Callback = callback,
            OcrOnly = flags["ocrOnly"],
            Show = flags["show"],
            Rectangles = rectangles,
            Names = rectangles is null ? names : null,
            Excluded = rectangles is null ? excluded : null,
            Offset = rectangles is null ? offset : null,
            CacheKey = string.Join('|', form["rectangles"].FirstOrDefault(), namesJson, excludedJson, form["offset"].FirstOrDefault(), flags["ocrOnly"], flags["show"]),
        };
        return true;
    }

    private static bool TryRectangles(string json, out List<Region>? rectangles)
    {
        rectangles = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                return false;
            }

            var list = new List<Region>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("x", out var x) || !JsonBody.IsInt(x, out int xv) || xv < 0
                    || !item.TryGetProperty("y", out var y) || !JsonBody.IsInt(y, out int yv) || yv < 0
                    || !item.TryGetProperty("w", out var w) || !JsonBody.IsInt(w, out int wv) || wv <= 0
                    || !item.TryGetProperty("h", out var h) || !JsonBody.IsInt(h, out int hv) || hv <= 0)
                {
                    return false;
                }

                list.Add(new Region(xv, yv, wv, hv, 1, ""));
            }

            rectangles = list;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryItems(string json, out List<(string Value, string Rule)>? items)
    {
        items = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("items", out var array)
                || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                return false;
            }

            var list = new List<(string, string)>();
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("value", out var value)
                    || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
                {
                    return false;
                }

                // A wrong or empty rule means "default", as the page says.
                string rule = item.TryGetProperty("rule", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is "similar" or "absolute" ? r.GetString()! : "default";
                list.Add((value.GetString()!, rule));
            }

            items = list;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryOffset(string json, out Dictionary<string, int>? offset)
    {
        offset = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!OffsetKeys.Contains(property.Name) || !JsonBody.IsInt(property.Value, out int value))
                {
                    return false;
                }

                values[property.Name] = value;
            }

            if (values.Count is 0 or > 4)
            {
                return false;
            }

            offset = values;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A date-time as a Java bean serialiser writes a <c>LocalDateTime</c> (the callback's shape).</summary>
    private static JsonObject JavaBeanDateTime(DateTimeOffset time) => new()
    {
        ["year"] = time.Year,
        ["month"] = time.ToString("MMMM", CultureInfo.InvariantCulture).ToUpperInvariant(),
        ["monthValue"] = time.Month,
        ["dayOfMonth"] = time.Day,
        ["dayOfWeek"] = time.DayOfWeek.ToString().ToUpperInvariant(),
        ["dayOfYear"] = time.DayOfYear,
        ["hour"] = time.Hour,
        ["minute"] = time.Minute,
        ["second"] = time.Second,
        ["nano"] = 0,
        ["chronology"] = new JsonObject { ["id"] = "ISO", ["calendarType"] = "iso8601" },
    };

    [GeneratedRegex("^[1-9][0-9]{7}$")]
    private static partial Regex SaltPattern();

    [GeneratedRegex("^data:image/(png|bmp|jpeg);base64,")]
    private static partial Regex DataUrlPattern();

    private sealed record CachedResult(JsonObject Data, DateTimeOffset CreatedAt);

    private sealed record AccessRequest
    {
        public bool Async { get; init; }

        public string? Callback { get; init; }

        public bool OcrOnly { get; init; }

        public bool Show { get; init; }

        public List<Region>? Rectangles { get; init; }

        public List<(string Value, string Rule)>? Names { get; init; }

        public List<(string Value, string Rule)>? Excluded { get; init; }

        public Dictionary<string, int>? Offset { get; init; }

        public string CacheKey { get; init; } = "";
    }

    private sealed record Region(int X, int Y, int W, int H, int LineCount, string Word)
    {
        public Region Offset(Dictionary<string, int> offset)
        {
            int Get(string key) => offset.TryGetValue(key, out int v) ? v : 0;
            return this with
            {
                X = X + Get("+x") - Get("-x"),
                Y = Y + Get("+y") - Get("-y"),
                W = W + Get("+w") - Get("-w"),
                H = H + Get("+h") - Get("-h"),
            };
        }

        public JsonObject ToJson() => new()
        {
            ["x"] = X,
            ["y"] = Y,
            ["w"] = W,
            ["h"] = H,
            ["lineCount"] = LineCount,
            ["word"] = Word,
        };
    }
}
