using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace DocScan.Emulator.Shared;

/// <summary>Reads and checks JSON request bodies field by field, so type errors are reported as a vendor would.</summary>
internal static class JsonBody
{
    /// <summary>Whether the request says it carries JSON (<c>application/json</c>, any parameters).</summary>
    public static bool IsJson(HttpRequest request)
        => request.ContentType is { } type && type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the body as a JSON object, or returns <see langword="null"/> when it is not one.</summary>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A property if present and not JSON <c>null</c>.</summary>
    public static bool Has(JsonElement obj, string name, out JsonElement value)
        => obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static bool IsInt(JsonElement value, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result);
    }

    /// <summary>Four <c>[x, y]</c> number pairs.</summary>
    public static bool TryPoints(JsonElement value, out (double X, double Y)[] points)
    {
        points = [];
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 4)
        {
            return false;
        }

        var list = new List<(double, double)>(4);
        foreach (var pair in value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                || pair[0].ValueKind != JsonValueKind.Number || pair[1].ValueKind != JsonValueKind.Number)
            {
                return false;
            }

            list.Add((pair[0].GetDouble(), pair[1].GetDouble()));
        }

        points = [.. list];
        return true;
    }

    /// <summary>Strict Base64 (no whitespace, no <c>data:</c> prefix) of a JSON string.</summary>
    public static bool TryBase64(JsonElement value, out byte[] bytes)
    {
        bytes = [];
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            return value.TryGetBytesFromBase64(out bytes!) && bytes is not null;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
