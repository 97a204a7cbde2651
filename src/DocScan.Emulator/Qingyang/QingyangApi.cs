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

namespace DocScan.Emulator.Qingyang;

/// <summary>
/// Qingyang 青阳智创 certificate OCR (seed 001): <c>POST /ocr</c> with <c>X-Auth-Key</c>; a multipart part
/// <c>file</c> (jpg/png/pdf, ≤ 10 MB) or <c>file_url</c> by JSON or form; optional <c>category</c>.
/// Errors: 400/401/403/413/500 with <c>{error}</c> or the full envelope with <c>success:false</c>.
/// </summary>
internal sealed class QingyangApi : VendorApi
{
    /// <summary>Chinese name, English code and top-level category of each documented card type.</summary>
    private static readonly (string Name, string Code, string Category)[] CardTypes =
    [
        ("身份证正面", "idcard_front", "身份证"),
        ("身份证背面", "idcard_back", "身份证"),
        ("行驶证正面", "driver_license_front", "行驶证"),
        ("行驶证背面", "driver_license_back", "行驶证"),
        ("驾驶证正面", "vehicle_license_front", "驾驶证"),
        ("驾驶证背面", "vehicle_license_back", "驾驶证"),
        ("电子驾驶证", "vehicle_license_electronic", "驾驶证"),
        ("护照", "passport", "护照"),
        ("户口本", "household", "户口本"),
        ("银行卡", "bank_card", "银行卡"),
        ("营业执照", "business_license", "营业执照"),
        ("结婚证", "marriage_cert", "结婚证"),
        ("离婚证", "divorce_cert", "离婚证"),
        ("军官证", "army_cert", "军官证"),
        ("社保卡", "social_card", "社保卡"),
        ("出生医学证明", "bornmedical_cert", "出生医学证明"),
        ("车辆登记证", "vehicle_registration", "车辆登记证"),
        ("车辆合格证", "vehicle_conformity_cert", "车辆合格证"),
    ];

    private readonly QingyangEmulatorOptions _options;

    public QingyangApi(EmulatorState state)
        : base(state, EmulatorVendor.Qingyang)
        => _options = state.Options.Qingyang;

    public override void Map(IEndpointRouteBuilder routes) => Post(routes, "/ocr", RecognizeAsync);

    public override (int Status, JsonNode Body) Error(string code, string? message)
    {
        int status = int.TryParse(code, out int n) && n is >= 400 and <= 599 ? n : 500;
        return status switch
        {
            401 => (status, new JsonObject { ["error"] = message ?? "Missing X-Auth-Key header" }),
            403 => (status, new JsonObject { ["error"] = message ?? "Invalid auth key" }),
            _ => (status, Envelope(false, message ?? status switch
            {
                400 => "Missing required parameter: file or file_url",
                413 => "File size exceeds maximum limit of 10MB",
                429 => "Too Many Requests",
                _ => "Internal server error",
            })),
        };
    }

    private static JsonObject Envelope(bool success, string? error, string filePath = "", string fileName = "")
    {
        var body = new JsonObject
        {
            ["success"] = success,
            ["cardType"] = "",
            ["tokensIn"] = 0,
            ["tokensOut"] = 0,
            ["result"] = new JsonArray(),
            ["rawResult"] = "",
            ["filePath"] = filePath,
            ["fileName"] = fileName,
        };
        if (error is not null)
        {
            body["error"] = error;
        }

        return body;
    }

    private Task FailAsync(HttpContext context, int status, string? message = null, string outcome = "invalid")
    {
        Exchange.Of(context).Mark(outcome, status.ToString(CultureInfo.InvariantCulture));
        var (code, body) = Error(status.ToString(CultureInfo.InvariantCulture), message);
        return Reply.JsonAsync(context, code, body);
    }

    private async Task RecognizeAsync(HttpContext context)
    {
        string? key = context.Request.Headers["X-Auth-Key"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            await FailAsync(context, 401, outcome: "unauthorized");
            return;
        }

        if (!string.Equals(key, _options.AuthKey, StringComparison.Ordinal))
        {
            await FailAsync(context, 403, outcome: "unauthorized");
            return;
        }

        string? fileUrl = null, category = null, fileName = "", filePath = "";
        byte[]? file = null;
        var request = context.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            fileUrl = form["file_url"].FirstOrDefault();
            category = form["category"].FirstOrDefault();
            if (form.Files.GetFile("file") is { } upload)
            {
                if (upload.Length > _options.MaxFileBytes)
                {
                    await FailAsync(context, 413);
                    return;
                }

                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer, context.RequestAborted);
                file = buffer.ToArray();
                fileName = Path.GetFileName(upload.FileName);
                filePath = "/data/uploads/" + fileName;
            }
        }
        else if (JsonBody.IsJson(request))
        {
            using var document = await JsonBody.ReadObjectAsync(request);
            if (document is null)
            {
                await FailAsync(context, 400, "Invalid JSON body");
                return;
            }

            var root = document.RootElement;
            if (JsonBody.Has(root, "file_url", out var url))
            {
                if (url.ValueKind != JsonValueKind.String)
                {
                    await FailAsync(context, 400, "file_url must be a string");
                    return;
                }

                fileUrl = url.GetString();
            }

            if (JsonBody.Has(root, "category", out var c))
            {
                if (c.ValueKind != JsonValueKind.String)
                {
                    await FailAsync(context, 400, "category must be a string");
                    return;
                }

                category = c.GetString();
            }
        }

        if (file is null && string.IsNullOrWhiteSpace(fileUrl))
        {
            await FailAsync(context, 400);
            return;
        }

        if (file is not null)
        {
            if (file.Length == 0 || ImageProbe.Kind(file) is not (ImageKind.Jpeg or ImageKind.Png or ImageKind.Pdf))
            {
                await FailAsync(context, 400, "Unsupported file type: only jpg, png and pdf are accepted");
                return;
            }
        }
        else
        {
            // The emulator does not fetch the URL; it answers as if the file behind it were the card asked for.
            filePath = fileUrl!;
            fileName = Uri.TryCreate(fileUrl, UriKind.Absolute, out var absolute) ? Path.GetFileName(absolute.AbsolutePath) : Path.GetFileName(fileUrl!);
        }

        var (name, code, _) = Resolve(category);
        var result = new JsonArray();
        if (name is not null)
        {
            result.Add(Fields(name, code!));
        }

        State.Counters.AddCharged(Vendor);
        Exchange.Of(context).Mark("ok", null, charged: true);
        await Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["success"] = true,
            ["cardType"] = name ?? "未知",
            ["tokensIn"] = 1523,
            ["tokensOut"] = name is null ? 12 : 89,
            ["result"] = result,
            ["rawResult"] = "",
            ["filePath"] = filePath,
            ["fileName"] = fileName,
        });
    }

    /// <summary>The card type answered for a category: no category or 身份证 → ID card front; an exact name/code → that type; unknown → none.</summary>
    private static (string? Name, string? Code, string? Category) Resolve(string? category)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            return CardTypes[0];
        }

        category = category.Trim();
        foreach (var type in CardTypes)
        {
            if (category == type.Name || category.Equals(type.Code, StringComparison.OrdinalIgnoreCase) || category == type.Category)
            {
                return type;
            }
        }

        return (null, null, null);
    }

    /// <summary>Plausible fixed fields: the documented ID-card front fields, and a few obvious ones for the other types.</summary>
    private static JsonObject Fields(string name, string code)
    {
        var fields = new JsonObject { ["type"] = name };
        IEnumerable<(string, string)> values = code switch
        {
            "idcard_front" =>
            [
                ("name", "张三"), ("gender", "男"), ("ethnicity", "汉"), ("birth_date", "1990-01-01"),
                ("address", "北京市朝阳区XX路XX号"), ("id_number", "110101199001011234"),
            ],
            "idcard_back" => [("issuing_authority", "北京市公安局朝阳分局"), ("valid_period", "2015.01.01-2035.01.01")],
            "bank_card" => [("bank_name", "中国工商银行"), ("card_number", "6222020200112233445"), ("card_type", "借记卡")],
            "passport" => [("name", "张三"), ("passport_number", "E12345678"), ("nationality", "中国"), ("birth_date", "1990-01-01"), ("expiry_date", "2030-01-01")],
            "business_license" => [("company_name", "北京示例科技有限公司"), ("credit_code", "91110105MA00000000"), ("legal_representative", "张三")],
            _ => [("name", "张三")],
        };
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        return fields;
    }
}
