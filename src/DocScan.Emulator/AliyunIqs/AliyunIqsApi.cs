using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DocScan.Emulator.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DocScan.Emulator.AliyunIqs;

/// <summary>
/// Aliyun IQS ScanFile (seed 003): <c>POST /scan/file</c> with <c>Authorization: Bearer &lt;key&gt;</c> (or
/// <c>X-API-Key</c>), JSON <c>imageUrl</c> or <c>imageBase64</c>, <c>scanFileInputConfig.autoCrop/autoRotate</c>
/// as the strings <c>"true"</c>/<c>"false"</c>/<c>"force"</c>. Errors <c>{requestId, code, message}</c> with the documented statuses.
/// </summary>
internal sealed class AliyunIqsApi : VendorApi
{
    private readonly AliyunIqsEmulatorOptions _options;
    private readonly Quota _quota;
    private readonly DailyCounter _trial = new();

    public AliyunIqsApi(EmulatorState state)
        : base(state, EmulatorVendor.AliyunIqs)
    {
        _options = state.Options.AliyunIqs;
        _quota = new Quota(state.Options.QuotaTolerance, (_options.RequestsPerSecond, TimeSpan.FromSeconds(1)));
    }

    public override void Map(IEndpointRouteBuilder routes) => Post(routes, "/scan/file", ScanFileAsync);

    public override (int Status, JsonNode Body) Error(string code, string? message)
    {
        var (status, text) = code switch
        {
            "InvalidAccessKeyId.NotFound" => (404, "Specified access key is not found."),
            "Retrieval.NotActivate" => (403, "Please activate AI search service"),
            "Retrieval.Arrears" => (403, "Please recharge first."),
            "Retrieval.NotAuthorised" => (403, "Please authorize the AliyunIQSFullAccess privilege to the sub-account."),
            "Retrieval.TestUserPeriodExpired" => (403, "The test period has expired."),
            "Retrieval.Throttling.User" => (429, "Request was denied due to user flow control."),
            "Retrieval.TestUserQueryExceeded" => (429, "The query exceeds the limit"),
            "InvalidParameter" => (400, "The request parameters are invalid."),
            "RequestTimeout" => (504, "The request timed out."),
            _ when int.TryParse(code, out int n) && n is >= 400 and <= 599 => (n, "Error"),
            _ => (500, "The request processing has failed due to some unknown error."),
        };
        return (status, new JsonObject { ["requestId"] = Reply.NewId(), ["code"] = code, ["message"] = message ?? text });
    }

    private Task FailAsync(HttpContext context, string code, string? message = null)
    {
        Exchange.Of(context).Mark(code switch
        {
            "InvalidAccessKeyId.NotFound" => "unauthorized",
            "Retrieval.Throttling.User" => "throttled",
            "Retrieval.TestUserQueryExceeded" => "quota",
            _ => "invalid",
        }, code);
        var (status, body) = Error(code, message);
        return Reply.JsonAsync(context, status, body);
    }

    private async Task ScanFileAsync(HttpContext context)
    {
        string? key = null;
        string? authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            key = authorization["Bearer ".Length..].Trim();
        }
        else if (authorization is null)
        {
            key = context.Request.Headers["X-API-Key"].FirstOrDefault();
        }

        bool trial = key == _options.TrialApiKey;
        if (key is null || (key != _options.ApiKey && !trial))
        {
            await FailAsync(context, "InvalidAccessKeyId.NotFound");
            return;
        }

        var now = Exchange.Of(context).ReceivedAt;
        if (!_quota.TryAdmit(key, now))
        {
            State.Counters.AddThrottled(Vendor);
            await FailAsync(context, "Retrieval.Throttling.User");
            return;
        }

        using var document = JsonBody.IsJson(context.Request) ? await JsonBody.ReadObjectAsync(context.Request) : null;
        if (document is null)
        {
            await FailAsync(context, "InvalidParameter", "The body must be a JSON object (Content-Type: application/json).");
            return;
        }

        var root = document.RootElement;
        if (JsonBody.Has(root, "scanFileInputConfig", out var config))
        {
            if (config.ValueKind != JsonValueKind.Object)
            {
                await FailAsync(context, "InvalidParameter", "scanFileInputConfig must be an object.");
                return;
            }

            foreach (string field in new[] { "autoCrop", "autoRotate" })
            {
                if (JsonBody.Has(config, field, out var value) && (value.ValueKind != JsonValueKind.String || value.GetString() is not ("true" or "false" or "force")))
                {
                    await FailAsync(context, "InvalidParameter", $"scanFileInputConfig.{field} must be the string \"true\", \"false\" or \"force\".");
                    return;
                }
            }
        }

        int width = ImageProbe.DefaultWidth, height = ImageProbe.DefaultHeight;
        if (JsonBody.Has(root, "imageBase64", out var base64))
        {
            if (!JsonBody.TryBase64(base64, out byte[] image) || image.Length == 0)
            {
                await FailAsync(context, "InvalidParameter", "imageBase64 is not valid Base64 (send the bare Base64, without a data: prefix).");
                return;
            }

            if (ImageProbe.Kind(image) is not (ImageKind.Jpeg or ImageKind.Png or ImageKind.Bmp or ImageKind.Webp))
            {
                await FailAsync(context, "InvalidParameter", "imageBase64 is not a supported image (jpg, png, bmp, webp).");
                return;
            }

            (width, height) = ImageProbe.Size(image);
        }
        else if (JsonBody.Has(root, "imageUrl", out var url))
        {
            // The emulator does not download the URL: it answers for an A4 photo behind it.
            if (url.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(url.GetString()))
            {
                await FailAsync(context, "InvalidParameter", "imageUrl must be a non-empty string.");
                return;
            }
        }
        else
        {
            await FailAsync(context, "InvalidParameter", "Either imageUrl or imageBase64 is required.");
            return;
        }

        if (trial && !_trial.TryTake(key, _options.TrialDailyLimit, now))
        {
            await FailAsync(context, "Retrieval.TestUserQueryExceeded");
            return;
        }

        var scan = Renderer.Document(width, height, key.Length + width);
        State.Counters.AddCharged(Vendor);
        Exchange.Of(context).Mark("ok", null, charged: true);
        await Reply.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["requestId"] = Reply.NewId(),
            ["scanFileInfoList"] = new JsonArray(new JsonObject
            {
                ["angle"] = 0,
                ["height"] = scan.Height,
                ["width"] = scan.Width,
                ["imageBase64"] = Convert.ToBase64String(Png.Encode(scan)),
            }),
            ["searchInformation"] = new JsonObject { ["searchTime"] = 1048 },
        });
    }
}
