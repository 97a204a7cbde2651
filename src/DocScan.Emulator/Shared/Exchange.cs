using System;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace DocScan.Emulator.Shared;

/// <summary>Per-request state shared by the pipeline and a vendor handler: which vendor, and what the handler decided (for the log).</summary>
internal sealed class Exchange
{
    private static readonly object Key = new();

    public Exchange(EmulatorVendor vendor, DateTimeOffset receivedAt)
    {
        Vendor = vendor;
        ReceivedAt = receivedAt;
    }

    public EmulatorVendor Vendor { get; }

    public DateTimeOffset ReceivedAt { get; }

    public string? Outcome { get; set; }

    public string? VendorCode { get; set; }

    public bool Charged { get; set; }

    public static Exchange Of(HttpContext context)
        => context.Items[Key] as Exchange ?? throw new InvalidOperationException("The emulator pipeline did not run for this request.");

    public static void Attach(HttpContext context, Exchange exchange) => context.Items[Key] = exchange;

    public void Mark(string outcome, string? vendorCode, bool charged = false)
    {
        Outcome = outcome;
        VendorCode = vendorCode;
        Charged = charged;
    }
}

/// <summary>JSON replies the way the vendors write them: UTF-8 with Chinese text unescaped.</summary>
internal static class Reply
{
    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task JsonAsync(HttpContext context, int status, JsonNode body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static async Task BytesAsync(HttpContext context, byte[] data, string contentType, string? fileName = null)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = data.Length;
        if (fileName is not null)
        {
            context.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        }

        await context.Response.Body.WriteAsync(data, context.RequestAborted);
    }

    /// <summary>A new request id in the usual GUID form.</summary>
    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>A short lowercase id for file names.</summary>
    public static string NewName() => Guid.NewGuid().ToString("N");
}
