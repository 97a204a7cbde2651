using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DocScan.Emulator.Shared;

/// <summary>
/// Control endpoints under <c>/_emulator/</c>, on every port: the request log, counters and fault injection
/// for tools that cannot use the C# API. Not logged and never faulted.
/// </summary>
internal static class Admin
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = Reply.Json.Encoder,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        var admin = new AdminEndpoint();
        routes.MapGet("/_emulator", context => WriteAsync(context, Info(state))).WithMetadata(admin);
        routes.MapGet("/_emulator/requests", context =>
        {
            var vendor = VendorParameter(context);
            var entries = vendor is { } v ? state.Log.Of(v) : state.Log.All();
            return WriteAsync(context, JsonSerializer.SerializeToNode(entries, Json)!);
        }).WithMetadata(admin);
        routes.MapDelete("/_emulator/requests", context =>
        {
            state.Log.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }).WithMetadata(admin);
        routes.MapGet("/_emulator/counters", context => WriteAsync(context, Counters(state))).WithMetadata(admin);
        routes.MapPost("/_emulator/faults", context => AddFaultAsync(context, state)).WithMetadata(admin);
        routes.MapDelete("/_emulator/faults", context =>
        {
            state.Faults.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }).WithMetadata(admin);
    }

    private static JsonObject Info(EmulatorState state)
    {
        var vendors = new JsonObject();
        foreach (var vendor in Enum.GetValues<EmulatorVendor>())
        {
            vendors[vendor.ToString()] = state.BaseAddress(vendor).ToString();
        }

        return new JsonObject { ["baseAddresses"] = vendors, ["now"] = state.Time.GetUtcNow().ToString("O") };
    }

    private static JsonObject Counters(EmulatorState state)
    {
        var counters = state.Counters;
        var charged = new JsonObject();
        var throttled = new JsonObject();
        foreach (var vendor in Enum.GetValues<EmulatorVendor>())
        {
            charged[vendor.ToString()] = counters.Charged(vendor);
            throttled[vendor.ToString()] = counters.Throttled(vendor);
        }

        return new JsonObject
        {
            ["processImageTokenFetches"] = counters.ProcessImageTokenFetches,
            ["esignTokenFetches"] = counters.EsignTokenFetches,
            ["esignTokenRefreshes"] = counters.EsignTokenRefreshes,
            ["callbacksDelivered"] = counters.CallbacksDelivered,
            ["charged"] = charged,
            ["throttled"] = throttled,
        };
    }

    private static EmulatorVendor? VendorParameter(HttpContext context)
        => Enum.TryParse<EmulatorVendor>(context.Request.Query["vendor"].FirstOrDefault(), ignoreCase: true, out var vendor) ? vendor : null;

    /// <summary>
    /// <c>POST /_emulator/faults</c> with a JSON object: <c>vendor</c> (default: the port's vendor), <c>path</c>,
    /// <c>count</c> (default 1), and what happens: <c>vendorCode</c> (+ <c>vendorMessage</c>), <c>throttle</c>,
    /// <c>status</c> (+ <c>body</c>, <c>contentType</c>), <c>reset</c>, <c>hangSeconds</c>, <c>retryAfterSeconds</c>.
    /// </summary>
    private static async Task AddFaultAsync(HttpContext context, EmulatorState state)
    {
        using var document = await JsonBody.ReadObjectAsync(context.Request);
        if (document is null)
        {
            await BadAsync(context, "the body must be a JSON object");
            return;
        }

        var root = document.RootElement;
        EmulatorVendor vendor = Pipeline.VendorOf(context) ?? EmulatorVendor.ClipImg;
        if (JsonBody.Has(root, "vendor", out var v) && !Enum.TryParse(v.GetString(), ignoreCase: true, out vendor))
        {
            await BadAsync(context, "vendor must be one of " + string.Join(", ", Enum.GetNames<EmulatorVendor>()));
            return;
        }

        int count = JsonBody.Has(root, "count", out var c) && JsonBody.IsInt(c, out int n) ? n : 1;
        string? path = JsonBody.Has(root, "path", out var p) ? p.GetString() : null;
        TimeSpan? retryAfter = JsonBody.Has(root, "retryAfterSeconds", out var r) && r.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(r.GetDouble()) : null;
        TimeSpan? hang = JsonBody.Has(root, "hangSeconds", out var h) && h.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(h.GetDouble()) : null;
        bool reset = JsonBody.Has(root, "reset", out var reset_) && reset_.ValueKind == JsonValueKind.True;
        bool throttle = JsonBody.Has(root, "throttle", out var t) && t.ValueKind == JsonValueKind.True;

        EmulatorFault fault;
        if (JsonBody.Has(root, "vendorCode", out var code))
        {
            string? message = JsonBody.Has(root, "vendorMessage", out var m) ? m.GetString() : null;
            fault = EmulatorFault.VendorError(vendor, code.ValueKind == JsonValueKind.String ? code.GetString()! : code.GetRawText(), message, retryAfter);
        }
        else if (throttle)
        {
            fault = EmulatorFault.Throttled(vendor, retryAfter);
        }
        else if (JsonBody.Has(root, "status", out var s) && JsonBody.IsInt(s, out int status))
        {
            fault = EmulatorFault.Status(status, JsonBody.Has(root, "body", out var b) ? b.GetString() : null, retryAfter);
            if (JsonBody.Has(root, "contentType", out var ct))
            {
                fault = fault with { ContentType = ct.GetString()! };
            }
        }
        else if (reset)
        {
            fault = EmulatorFault.Reset();
        }
        else if (hang is not null)
        {
            fault = EmulatorFault.Hang(hang);
        }
        else
        {
            await BadAsync(context, "say what happens: vendorCode, throttle, status, reset or hangSeconds");
            return;
        }

        fault = fault with { Delay = hang ?? fault.Delay, ResetConnection = reset || fault.ResetConnection };

        try
        {
            state.Faults.Add(vendor, fault, count, path);
        }
        catch (ArgumentOutOfRangeException)
        {
            await BadAsync(context, "count must be at least 1");
            return;
        }

        await WriteAsync(context, new JsonObject { ["vendor"] = vendor.ToString(), ["pending"] = state.Faults.Pending(vendor) });
    }

    private static Task BadAsync(HttpContext context, string message)
        => Reply.JsonAsync(context, StatusCodes.Status400BadRequest, new JsonObject { ["error"] = message });

    private static Task WriteAsync(HttpContext context, JsonNode body) => Reply.JsonAsync(context, StatusCodes.Status200OK, body);
}
