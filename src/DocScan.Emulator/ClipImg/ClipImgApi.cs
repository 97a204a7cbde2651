using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DocScan.Emulator.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DocScan.Emulator.ClipImg;

/// <summary>
/// ClipImg 可立图 (seed 000): <c>POST /api/pic/scan</c>, <c>/auto_crop</c>, <c>/auto_crop_imgs</c>,
/// <c>GET /api/pic/scan/preview/{name}</c> (free) and <c>POST /api/pic/scan/download/{name}</c> (20 points).
/// Envelope <c>{code, msg, data}</c>; codes 0/400/402/404/509; 1 request/s and 20/min per key; results kept 1 hour.
/// </summary>
internal sealed class ClipImgApi : VendorApi
{
    private readonly ClipImgEmulatorOptions _options;
    private readonly Quota _quota;
    private readonly ResultStore _files;
    private readonly ConcurrentDictionary<string, ScannedImage> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _points = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Key, string Name), bool> _downloaded = new();
    private readonly ConcurrentDictionary<string, bool> _previewNames = new(StringComparer.Ordinal);
    private readonly object _charging = new();

    public ClipImgApi(EmulatorState state)
        : base(state, EmulatorVendor.ClipImg)
    {
        _options = state.Options.ClipImg;
        _quota = new Quota(state.Options.QuotaTolerance, (_options.RequestsPerSecond, TimeSpan.FromSeconds(1)), (_options.RequestsPerMinute, TimeSpan.FromMinutes(1)));
        _files = new ResultStore(state.Time, _options.ResultLifetime);
        _points[_options.ApiKey] = _options.InitialPoints;
        _points[EmulatorCredentials.ClipImgNoPointsApiKey] = 0;
    }

    public int Points(string apiKey) => _points.GetValueOrDefault(apiKey);

    public void SetPoints(string apiKey, int points) => _points[apiKey] = points;

    public override void Map(IEndpointRouteBuilder routes)
    {
        Post(routes, "/api/pic/scan", ScanAsync);
        Post(routes, "/api/pic/scan/auto_crop", CropAsync);
        Post(routes, "/api/pic/scan/auto_crop_imgs", LayoutAsync);
        Get(routes, "/api/pic/scan/preview/{name}", PreviewAsync);
        Post(routes, "/api/pic/scan/download/{name}", DownloadAsync);
    }

    public override (int Status, JsonNode Body) Error(string code, string? message)
    {
        int number = int.TryParse(code, out int n) ? n : 500;
        message ??= number switch
        {
            400 => "参数错误",
            401 => "API Key无效",
            402 => "您的API点数已用完,请及时充值",
            404 => "文件不存在",
            429 => "请求过于频繁,QPS限制:1次/秒,20次/分钟",
            509 => "处理超时,请稍后再试",
            _ => "服务器错误",
        };
        int status = _options.ErrorsUseHttpStatus && number is >= 400 and <= 599 ? number : StatusCodes.Status200OK;
        return (status, new JsonObject { ["code"] = number, ["msg"] = message, ["data"] = null });
    }

    private Task FailAsync(HttpContext context, int code, string? message = null)
    {
        var (status, body) = Error(code.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
        Exchange.Of(context).Mark(code switch
        {
            401 => "unauthorized",
            402 => "quota",
            404 => "not-found",
            429 => "throttled",
            _ => "invalid",
        }, code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Reply.JsonAsync(context, status, body);
    }

    private Task OkAsync(HttpContext context, JsonNode data, string msg = "")
    {
        Exchange.Of(context).Mark("ok", "0");
        return Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["code"] = 0, ["msg"] = msg, ["data"] = data });
    }

    /// <summary>Checks <c>X-API-Key</c> and the per-key quota; answers and returns <see langword="null"/> on failure.</summary>
    private async Task<string?> AuthorizeAsync(HttpContext context, bool required = true)
    {
        string? key = context.Request.Headers["X-API-Key"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            if (!required)
            {
                return "";
            }

            await FailAsync(context, 401, "缺少API Key,请在请求头中携带 X-API-Key");
            return null;
        }

        if (!_points.ContainsKey(key))
        {
            await FailAsync(context, 401, "API Key无效");
            return null;
        }

        if (!_quota.TryAdmit(key, Exchange.Of(context).ReceivedAt))
        {
            State.Counters.AddThrottled(Vendor);
            await FailAsync(context, 429);
            return null;
        }

        return key;
    }

    private async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        var document = JsonBody.IsJson(context.Request) ? await JsonBody.ReadObjectAsync(context.Request) : null;
        if (document is null)
        {
            await FailAsync(context, 400, "参数错误:请求体必须是 JSON 对象 (Content-Type: application/json)");
        }

        return document;
    }

    private async Task ScanAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } key)
        {
            return;
        }

        using var document = await ReadJsonAsync(context);
        if (document is null)
        {
            return;
        }

        var root = document.RootElement;
        if (!JsonBody.Has(root, "file", out var file) || file.ValueKind != JsonValueKind.String || file.GetString()!.Length == 0)
        {
            await FailAsync(context, 400, "文件数据为空");
            return;
        }

        if (await CardTypeAsync(context, root, required: false) is null)
        {
            return;
        }

        int dpi = 300;
        if (JsonBody.Has(root, "dpi", out var dpiValue) && (!JsonBody.IsInt(dpiValue, out dpi) || dpi is < 50 or > 1200))
        {
            await FailAsync(context, 400, "参数错误:dpi 必须是 50 到 1200 之间的整数");
            return;
        }

        if (!JsonBody.TryBase64(file, out byte[] bytes))
        {
            await FailAsync(context, 400, "Base64解码错误 (file 只能是纯 Base64,不带 data: 头部)");
            return;
        }

        var kind = ImageProbe.Kind(bytes);
        if (kind is not (ImageKind.Jpeg or ImageKind.Png or ImageKind.Bmp or ImageKind.Webp))
        {
            await FailAsync(context, 400, "无法解析图片数据");
            return;
        }

        var (width, height) = ImageProbe.Size(bytes);
        string imageId = Reply.NewName();
        var now = Time.GetUtcNow();
        _images[imageId] = new ScannedImage(width, height, now);

        // The "detected" document: the image less a 6 % margin, corners top-left, top-right, bottom-right, bottom-left.
        int x0 = width * 6 / 100, y0 = height * 6 / 100, x1 = width - x0, y1 = height - y0;
        var points = new (double X, double Y)[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1) };
        double scale = dpi / 300.0;
        var links = Store(key, $"{imageId}_scan_crop", Renderer.Document((x1 - x0) * scale, (y1 - y0) * scale, Seed(imageId)), now);
        await OkAsync(context, new JsonObject
        {
            ["points"] = PointsNode(points),
            ["image_id"] = imageId,
            ["filenames"] = links,
        }, "Success");
    }

    private async Task CropAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } key)
        {
            return;
        }

        using var document = await ReadJsonAsync(context);
        if (document is null)
        {
            return;
        }

        var root = document.RootElement;
        if (await CardTypeAsync(context, root, required: false) is null)
        {
            return;
        }

        if (await ImageAndPointsAsync(context, root) is not { } item)
        {
            return;
        }

        var (minX, minY, maxX, maxY) = Bounds(item.Points);
        string name = Reply.NewName();
        var links = Store(key, $"{name}_crop", Renderer.Document(maxX - minX, maxY - minY, Seed(name)), Time.GetUtcNow());
        await OkAsync(context, links);
    }

    private async Task LayoutAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } key)
        {
            return;
        }

        using var document = await ReadJsonAsync(context);
        if (document is null)
        {
            return;
        }

        var root = document.RootElement;
        if (await CardTypeAsync(context, root, required: true) is not { } cardType)
        {
            return;
        }

        if (!JsonBody.Has(root, "list", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            await FailAsync(context, 400, "参数错误:list 是必填的图片列表");
            return;
        }

        int count = list.GetArrayLength();
        (int Min, int Max) allowed = cardType switch
        {
            1 or 2 or 4 or 6 => (2, 2),
            3 => (1, 1),
            5 => (1, 2),
            _ => (2, 9),
        };
        if (count < allowed.Min || count > allowed.Max)
        {
            string rule = cardType == 7 ? "大于1且最多9张" : allowed.Min == allowed.Max ? $"为{allowed.Min}" : $"为{allowed.Min}到{allowed.Max}";
            await FailAsync(context, 400, $"参数错误:card_type为{cardType}时 list 长度{rule},收到{count}");
            return;
        }

        foreach (var element in list.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                await FailAsync(context, 400, "参数错误:list 的元素必须是 {image_id, points} 对象");
                return;
            }

            if (await ImageAndPointsAsync(context, element) is null)
            {
                return;
            }
        }

        double? sizeWidth = null, sizeHeight = null;
        foreach (var (field, set) in new (string, Action<double>)[] { ("size_width", v => sizeWidth = v), ("size_height", v => sizeHeight = v) })
        {
            if (JsonBody.Has(root, field, out var value))
            {
                if (value.ValueKind != JsonValueKind.Number || value.GetDouble() <= 0)
                {
                    await FailAsync(context, 400, $"参数错误:{field} 必须是正数");
                    return;
                }

                set(value.GetDouble());
            }
        }

        if (JsonBody.Has(root, "shadow_remove", out var shadow) && (!JsonBody.IsInt(shadow, out int shadowRemove) || shadowRemove is not (0 or 1)))
        {
            await FailAsync(context, 400, "参数错误:shadow_remove 只能是 0 或 1");
            return;
        }

        string name = Reply.NewName();
        var now = Time.GetUtcNow();
        if (cardType != 7)
        {
            var (w, h) = cardType switch
            {
                3 => (125.0, 88.0),
                2 => (143.0, 105.0),
                _ => (85.6, 54.0),
            };
            await OkAsync(context, Store(key, $"{name}_layout", Renderer.CardsOnA4(count, w, h, Seed(name)), now));
            return;
        }

        // Documents: one page per image plus one PDF. The custom size is taken as millimetres (A4 otherwise).
        double pageWidthMm = sizeWidth ?? 210, pageHeightMm = sizeHeight ?? 297;
        var (pixelWidth, pixelHeight) = Renderer.Fit(pageWidthMm / 25.4 * 150, pageHeightMm / 25.4 * 150);
        var pages = new List<GrayImage>(count);
        var images = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            var page = new GrayImage(pixelWidth, pixelHeight);
            page.DrawDocument(0, 0, pixelWidth, pixelHeight, Seed(name) + i);
            pages.Add(page);
            images.Add(Store(key, $"{name}_page{i + 1}", page, now));
        }

        byte[] pdf = Pdf.Write(pages, Pdf.Points(pageWidthMm), Pdf.Points(pageHeightMm), "DocScan emulator layout");
        var pdfFile = new StoredFile(pdf, "application/pdf", $"{name}.pdf", now, key);
        _files.Put($"{name}_pdf", pdfFile);
        _files.Put($"{name}_preview_pdf", pdfFile);
        _previewNames[$"{name}_preview_pdf"] = true;
        await OkAsync(context, new JsonObject
        {
            ["imgs"] = images,
            ["pdf"] = Links($"{name}_preview_pdf", $"{name}_pdf"),
        });
    }

    private async Task PreviewAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context, _options.PreviewRequiresKey) is null)
        {
            return;
        }

        string name = (string)context.Request.RouteValues["name"]!;
        if (!_previewNames.ContainsKey(name) || _files.Get(name) is not { } file)
        {
            await FailAsync(context, 404);
            return;
        }

        Exchange.Of(context).Mark("ok", null);
        await Reply.BytesAsync(context, file.Data, file.ContentType, file.FileName);
    }

    private async Task DownloadAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } key)
        {
            return;
        }

        string name = (string)context.Request.RouteValues["name"]!;
        if (_previewNames.ContainsKey(name) || _files.Get(name) is not { } file)
        {
            await FailAsync(context, 404);
            return;
        }

        bool charged, insufficient = false;
        lock (_charging)
        {
            // A repeat download of the same name by the same key is not charged again.
            charged = !_downloaded.ContainsKey((key, name));
            if (charged)
            {
                int balance = _points.GetValueOrDefault(key);
                insufficient = balance < _options.DownloadCost;
                if (!insufficient)
                {
                    _points[key] = balance - _options.DownloadCost;
                    _downloaded[(key, name)] = true;
                }
            }
        }

        if (insufficient)
        {
            await FailAsync(context, 402);
            return;
        }

        if (charged)
        {
            State.Counters.AddCharged(Vendor);
        }

        Exchange.Of(context).Mark("ok", null, charged);
        await Reply.BytesAsync(context, file.Data, file.ContentType, file.FileName);
    }

    /// <summary>Reads an optional or required <c>card_type</c> (integer 1–7, default 7); answers 400 and returns <see langword="null"/> when wrong.</summary>
    private async Task<int?> CardTypeAsync(HttpContext context, JsonElement root, bool required)
    {
        if (!JsonBody.Has(root, "card_type", out var value))
        {
            if (!required)
            {
                return 7;
            }

            await FailAsync(context, 400, "参数错误:card_type 是必填的");
            return null;
        }

        if (!JsonBody.IsInt(value, out int cardType) || cardType is < 1 or > 7)
        {
            await FailAsync(context, 400, "参数错误:card_type 必须是 1 到 7 的整数");
            return null;
        }

        return cardType;
    }

    /// <summary>Reads <c>image_id</c> and <c>points</c> of one image and checks the points lie on it.</summary>
    private async Task<(ScannedImage Image, (double X, double Y)[] Points)?> ImageAndPointsAsync(HttpContext context, JsonElement obj)
    {
        if (!JsonBody.Has(obj, "image_id", out var idValue) || idValue.ValueKind != JsonValueKind.String || idValue.GetString()!.Length == 0)
        {
            await FailAsync(context, 400, "参数错误:image_id 是必填的字符串");
            return null;
        }

        if (!JsonBody.Has(obj, "points", out var pointsValue) || !JsonBody.TryPoints(pointsValue, out var points))
        {
            await FailAsync(context, 400, "参数错误:points 必须是四个 [x, y] 坐标");
            return null;
        }

        string id = idValue.GetString()!;
        if (!_images.TryGetValue(id, out var image) || Time.GetUtcNow() - image.CreatedAt >= _options.ResultLifetime)
        {
            _images.TryRemove(id, out _);
            await FailAsync(context, 404, "文件不存在 (image_id 未知或已超过1小时)");
            return null;
        }

        var (minX, minY, maxX, maxY) = Bounds(points);
        if (minX < 0 || minY < 0 || maxX > image.Width || maxY > image.Height || maxX - minX < 1 || maxY - minY < 1)
        {
            await FailAsync(context, 400, $"尺寸错误:坐标必须落在原图 {image.Width}x{image.Height} 以内并围成有效区域");
            return null;
        }

        return (image, points);
    }

    /// <summary>Stores a full image and its preview; returns the four link fields.</summary>
    private JsonObject Store(string owner, string name, GrayImage full, DateTimeOffset now)
    {
        string previewName = name + "_preview";
        _files.Put(name, new StoredFile(Png.Encode(full), "image/png", name + ".png", now, owner));
        _files.Put(previewName, new StoredFile(Png.Encode(Renderer.Preview(full)), "image/png", previewName + ".png", now, owner));
        _previewNames[previewName] = true;
        return Links(previewName, name);
    }

    private JsonObject Links(string previewName, string name) => new()
    {
        ["preview_url"] = $"{BaseUrl}/api/pic/scan/preview/{previewName}",
        ["download_url"] = $"{BaseUrl}/api/pic/scan/download/{name}",
        ["preview_img_name"] = previewName,
        ["img_name"] = name,
    };

    private static JsonArray PointsNode((double X, double Y)[] points)
        => [.. points.Select(p => (JsonNode)new JsonArray((int)Math.Round(p.X), (int)Math.Round(p.Y)))];

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds((double X, double Y)[] points)
        => (points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));

    private static int Seed(string name) => StringComparer.Ordinal.GetHashCode(name);

    private sealed record ScannedImage(int Width, int Height, DateTimeOffset CreatedAt);
}
