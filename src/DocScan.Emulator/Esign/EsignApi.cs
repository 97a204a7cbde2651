using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DocScan.Emulator.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DocScan.Emulator.Esign;

/// <summary>
/// e签宝 general OCR (seed 004) behind its gateway: <c>POST /v2/identity/auth/api/ocr/generalcharacters</c> in
/// signature mode (<c>X-Tsign-Open-*</c> headers, HMAC-SHA256, <c>Content-MD5</c>, ±15 min timestamp) or token mode
/// (<c>X-Tsign-Open-Token</c>), plus OAuth2 <c>GET /v1/oauth2/access_token</c> and <c>/v1/oauth2/refresh_token</c>.
/// Gateway failures are HTTP 401 <c>{"success":false,"code":401,"message":…}</c>; business errors HTTP 200 <c>{code,message,data}</c>.
/// </summary>
internal sealed class EsignApi : VendorApi
{
    private const string OcrPath = "/v2/identity/auth/api/ocr/generalcharacters";

    private readonly EsignEmulatorOptions _options;
    private readonly Quota _quota;
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public EsignApi(EmulatorState state)
        : base(state, EmulatorVendor.Esign)
    {
        _options = state.Options.Esign;
        _quota = new Quota(state.Options.QuotaTolerance, (_options.RequestsPerSecond, TimeSpan.FromSeconds(1)));
    }

    public override string JsonContentType => "application/json;charset=UTF-8";

    public override void Map(IEndpointRouteBuilder routes)
    {
        Post(routes, OcrPath, OcrAsync);
        Get(routes, "/v1/oauth2/access_token", AccessTokenAsync);
        Get(routes, "/v1/oauth2/refresh_token", RefreshTokenAsync);
    }

    public override (int Status, JsonNode Body) Error(string code, string? message)
    {
        if (long.TryParse(code, out long number) && number != 401 && number != 429)
        {
            return (StatusCodes.Status200OK, new JsonObject
            {
                ["code"] = number,
                ["message"] = message ?? number switch
                {
                    30500100 => "缺少参数:image不能为空",
                    30500101 => "参数错误:文件大小超出限制,最大1MB",
                    _ => "系统错误",
                },
                ["data"] = null,
            });
        }

        int status = number == 429 ? 429 : 401;
        return (status, new JsonObject
        {
            ["success"] = false,
            ["code"] = status,
            ["message"] = message ?? (status == 429 ? "请求频率超出限制" : number == 401 ? "INVALID_SIGNATURE" : code),
        });
    }

    private Task GatewayFailAsync(HttpContext context, string message, int status = 401)
    {
        Exchange.Of(context).Mark(status == 429 ? "throttled" : "unauthorized", message);
        return Reply.JsonAsync(context, status, new JsonObject { ["success"] = false, ["code"] = status, ["message"] = message }, JsonContentType);
    }

    private Task BusinessFailAsync(HttpContext context, long code, string message)
    {
        Exchange.Of(context).Mark("invalid", code.ToString(CultureInfo.InvariantCulture));
        return Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["code"] = code, ["message"] = message, ["data"] = null }, JsonContentType);
    }

    private async Task OcrAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        byte[] body = buffer.ToArray();

        string appId = request.Headers["X-Tsign-Open-App-Id"].FirstOrDefault() ?? "";
        if (appId.Length == 0)
        {
            await GatewayFailAsync(context, "缺少参数");
            return;
        }

        if (!string.Equals(appId, _options.AppId, StringComparison.Ordinal))
        {
            await GatewayFailAsync(context, "无效的应用");
            return;
        }

        string? mode = request.Headers["X-Tsign-Open-Auth-Mode"].FirstOrDefault();
        if (string.IsNullOrEmpty(mode))
        {
            string? token = request.Headers["X-Tsign-Open-Token"].FirstOrDefault();
            if (string.IsNullOrEmpty(token))
            {
                await GatewayFailAsync(context, "TOKEN_CANT_BE_NULL");
                return;
            }

            if (!TokenValid(token))
            {
                await GatewayFailAsync(context, "TOKEN错误");
                return;
            }
        }
        else if (!string.Equals(mode, "Signature", StringComparison.OrdinalIgnoreCase))
        {
            await GatewayFailAsync(context, "AUTHSTRATEGY_NOT_FOUND");
            return;
        }
        else if (CheckSignature(context, body) is { } failure)
        {
            await GatewayFailAsync(context, failure);
            return;
        }

        if (!_quota.TryAdmit(appId, Exchange.Of(context).ReceivedAt))
        {
            State.Counters.AddThrottled(Vendor);
            await GatewayFailAsync(context, "请求频率超出限制", 429);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await BusinessFailAsync(context, 30500102, "参数错误:请求体不是有效的 JSON");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !JsonBody.Has(root, "image", out var image)
                || image.ValueKind != JsonValueKind.String || image.GetString()!.Length == 0)
            {
                await BusinessFailAsync(context, 30500100, "缺少参数:image不能为空");
                return;
            }

            if (!JsonBody.TryBase64(image, out byte[] bytes) || ImageProbe.Kind(bytes) is not (ImageKind.Jpeg or ImageKind.Png or ImageKind.Bmp))
            {
                await BusinessFailAsync(context, 30500102, "参数错误:image 必须是不带 data: 前缀的 jpg/jpeg/png/bmp 图片 BASE64");
                return;
            }

            if (bytes.Length > _options.MaxImageBytes)
            {
                await BusinessFailAsync(context, 30500101, "参数错误:文件大小超出限制,最大1MB");
                return;
            }
        }

        State.Counters.AddCharged(Vendor);
        Exchange.Of(context).Mark("ok", "0", charged: true);
        await Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["code"] = 0,
            ["message"] = "成功",
            ["data"] = new JsonObject
            {
                ["verifyId"] = Reply.NewId(),
                ["angle"] = 0.0,
                ["textDetections"] = new JsonArray(
                    Line("1", "通用图片文字识别OCR", 37, 34, 368, 37),
                    Line("2", "DocScan 模拟器识别结果", 37, 104, 220, 22),
                    Line("3", "对上传的任意图片进行OCR识别,返回图片上的信息", 36, 137, 614, 19),
                    Line("4", "第四行:此行的 polygon 为 null", 36, 170, 300, 19, withPolygon: false)),
            },
        }, JsonContentType);
    }

    /// <summary>Checks the signature-mode headers; returns the gateway message on failure.</summary>
    private string? CheckSignature(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers;
        string? timestamp = headers["X-Tsign-Open-Ca-Timestamp"].FirstOrDefault();
        string? signature = headers["X-Tsign-Open-Ca-Signature"].FirstOrDefault();
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return "缺少参数";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds)
            || (Time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, 0, 253402300799999))).Duration() > _options.TimestampWindow)
        {
            return "INVALID_TIMESTAMP";
        }

        string contentMd5 = headers["Content-MD5"].ToString();
        if (contentMd5.Length > 0 && !string.Equals(contentMd5, EsignSignature.ContentMd5(body), StringComparison.Ordinal))
        {
            return "INVALID_CONTENT_MD5";
        }

        string expected = EsignSignature.Sign(_options.AppSecret, EsignSignature.StringToSign(
            context.Request.Method,
            headers.Accept.ToString(),
            contentMd5,
            headers.ContentType.ToString(),
            headers.Date.ToString(),
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? ""));
        return EsignSignature.Matches(expected, signature) ? null : "INVALID_SIGNATURE";
    }

    private async Task AccessTokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string appId = query["appId"].FirstOrDefault() ?? "";
        if (appId.Length == 0 || string.IsNullOrEmpty(query["secret"].FirstOrDefault()) || string.IsNullOrEmpty(query["grantType"].FirstOrDefault()))
        {
            await BusinessFailAsync(context, 400, "缺少参数:appId、secret 和 grantType 都是必填的");
            return;
        }

        if (appId != _options.AppId)
        {
            await GatewayFailAsync(context, "无效的应用");
            return;
        }

        if (query["grantType"].FirstOrDefault() != "client_credentials")
        {
            await BusinessFailAsync(context, 400, "参数错误:grantType 必须是 client_credentials");
            return;
        }

        if (query["secret"].FirstOrDefault() != _options.AppSecret)
        {
            await BusinessFailAsync(context, 401, "secret 错误");
            return;
        }

        State.Counters.AddEsignTokenFetch();
        await IssueAsync(context);
    }

    private async Task RefreshTokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string appId = query["appId"].FirstOrDefault() ?? "";
        string refreshToken = query["refreshToken"].FirstOrDefault() ?? "";
        if (appId.Length == 0 || refreshToken.Length == 0 || string.IsNullOrEmpty(query["grantType"].FirstOrDefault()))
        {
            await BusinessFailAsync(context, 400, "缺少参数:appId、refreshToken 和 grantType 都是必填的");
            return;
        }

        if (appId != _options.AppId)
        {
            await GatewayFailAsync(context, "无效的应用");
            return;
        }

        if (query["grantType"].FirstOrDefault() != "refresh_token")
        {
            await BusinessFailAsync(context, 400, "参数错误:grantType 必须是 refresh_token");
            return;
        }

        lock (_gate)
        {
            if (!_refreshTokens.Remove(refreshToken))
            {
                refreshToken = "";
            }
        }

        if (refreshToken.Length == 0)
        {
            await BusinessFailAsync(context, 401, "refreshToken 无效");
            return;
        }

        State.Counters.AddEsignTokenRefresh();
        await IssueAsync(context);
    }

    /// <summary>Issues a token valid <see cref="EsignEmulatorOptions.TokenLifetime"/> and cuts the older ones to <see cref="EsignEmulatorOptions.SupersededTokenLifetime"/>.</summary>
    private Task IssueAsync(HttpContext context)
    {
        var now = Time.GetUtcNow();
        string token = Reply.NewName(), refresh = Reply.NewName();
        var expires = now + _options.TokenLifetime;
        lock (_gate)
        {
            var cut = now + _options.SupersededTokenLifetime;
            foreach (var old in _tokens.Keys.ToList())
            {
                if (_tokens[old] > cut)
                {
                    _tokens[old] = cut;
                }
            }

            _tokens[token] = expires;
            _refreshTokens.Add(refresh);
        }

        long expiresMs = expires.ToUnixTimeMilliseconds();
        Exchange.Of(context).Mark("ok", "0");
        return Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["code"] = 0,
            ["message"] = "成功",
            ["data"] = new JsonObject
            {
                ["token"] = token,
                ["expiresIn"] = _options.ExpiresInAsString ? JsonValue.Create(expiresMs.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(expiresMs),
                ["refreshToken"] = refresh,
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

    private static JsonObject Line(string index, string text, int x, int y, int width, int height, bool withPolygon = true) => new()
    {
        ["advancedInfo"] = index,
        ["detectedText"] = text,
        ["itemPolygon"] = new JsonObject { ["x"] = x, ["y"] = y, ["width"] = width, ["height"] = height },
        ["polygon"] = withPolygon
            ? new JsonArray(Point(x, y), Point(x + width - 1, y), Point(x + width - 1, y + height - 1), Point(x, y + height - 1))
            : null,
    };

    private static JsonObject Point(int x, int y) => new() { ["x"] = x, ["y"] = y };
}
