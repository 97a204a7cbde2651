using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocScan.Sdk.Esign;

// e签宝's wire format: camelCase; OCR answers {code, message, data}; gateway refusals {success:false, code:401, message}.
internal sealed class EsignEnvelope<T>
    where T : class
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? Message { get; set; }

    [JsonPropertyName("success")]
    public bool? Success { get; set; }

    [JsonPropertyName("data")]
    public T? Data { get; set; }
}

// The status fields alone, for answers whose data is not read (gateway refusals, token rejections).
internal sealed class EsignStatus
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? Message { get; set; }
}

internal sealed class EsignOcrData
{
    [JsonPropertyName("verifyId")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? VerifyId { get; set; }

    [JsonPropertyName("angle")]
    public double? Angle { get; set; }

    [JsonPropertyName("textDetections")]
    public List<EsignWireDetection?>? TextDetections { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class EsignWireDetection
{
    // A string in the example ("1"); a number is accepted too.
    [JsonPropertyName("advancedInfo")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? AdvancedInfo { get; set; }

    [JsonPropertyName("detectedText")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? DetectedText { get; set; }

    // The page's table says string, its example (and the server) an object {x, y, width, height}: both are read.
    [JsonPropertyName("itemPolygon")]
    [JsonConverter(typeof(EsignItemPolygonConverter))]
    public EsignWireItemPolygon? ItemPolygon { get; set; }

    // Null when the vendor has no valid value.
    [JsonPropertyName("polygon")]
    public List<EsignWirePoint?>? Polygon { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class EsignWireRect
{
    [JsonPropertyName("x")]
    public double? X { get; set; }

    [JsonPropertyName("y")]
    public double? Y { get; set; }

    [JsonPropertyName("width")]
    public double? Width { get; set; }

    [JsonPropertyName("height")]
    public double? Height { get; set; }
}

/// <summary>An <c>itemPolygon</c>: the box when it could be read, and the text as sent when it was not a box object.</summary>
internal sealed class EsignWireItemPolygon
{
    public EsignWireRect? Rect { get; init; }

    public string? Raw { get; init; }
}

/// <summary>
/// Reads <c>itemPolygon</c> as an object, or as a string holding that object's JSON; anything else (a string that
/// is not such JSON, a number, an array) is kept as raw text without a box. Never throws for the value's shape:
/// the box is secondary information on a charged call.
/// </summary>
internal sealed class EsignItemPolygonConverter : JsonConverter<EsignWireItemPolygon?>
{
    public override bool HandleNull => true;

    public override EsignWireItemPolygon? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var e = doc.RootElement;
        switch (e.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Object:
                return new EsignWireItemPolygon { Rect = RectOf(e) };
            case JsonValueKind.String:
                string text = e.GetString() ?? string.Empty;
                if (text.TrimStart().StartsWith("{", StringComparison.Ordinal))
                {
                    try
                    {
                        using var inner = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
                        if (inner.RootElement.ValueKind == JsonValueKind.Object)
                        {
                            return new EsignWireItemPolygon { Rect = RectOf(inner.RootElement) };
                        }
                    }
                    catch (JsonException)
                    {
                        // Not JSON: kept as text below.
                    }
                }

                return new EsignWireItemPolygon { Raw = text };
            default:
                return new EsignWireItemPolygon { Raw = e.GetRawText() };
        }
    }

    public override void Write(Utf8JsonWriter writer, EsignWireItemPolygon? value, JsonSerializerOptions options)
    {
        if (value?.Rect is { } r)
        {
            writer.WriteStartObject();
            Number(writer, "x", r.X);
            Number(writer, "y", r.Y);
            Number(writer, "width", r.Width);
            Number(writer, "height", r.Height);
            writer.WriteEndObject();
        }
        else if (value?.Raw is { } raw)
        {
            writer.WriteStringValue(raw);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static EsignWireRect RectOf(JsonElement o)
        => new() { X = Coordinate(o, "x"), Y = Coordinate(o, "y"), Width = Coordinate(o, "width"), Height = Coordinate(o, "height") };

    // A number, or a number written as a string; anything else is missing.
    private static double? Coordinate(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && !double.IsInfinity(d))
        {
            return d;
        }

        return v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
            && !double.IsNaN(s) && !double.IsInfinity(s) ? s : null;
    }
}

internal sealed class EsignWirePoint
{
    [JsonPropertyName("x")]
    public double? X { get; set; }

    [JsonPropertyName("y")]
    public double? Y { get; set; }
}

internal sealed class EsignTokenData
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    // An absolute time in epoch milliseconds, sometimes a string, sometimes a number.
    [JsonPropertyName("expiresIn")]
    [JsonConverter(typeof(EsignLenientStringConverter))]
    public string? ExpiresIn { get; set; }

    [JsonPropertyName("refreshToken")]
    public string? RefreshToken { get; set; }
}

/// <summary>Reads a JSON string, number or boolean as its text (a number keeps its exact digits); null stays null.</summary>
internal sealed class EsignLenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                return Encoding.UTF8.GetString(raw);
            default:
                throw new JsonException("Expected a string or a number.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Parses an integer written as text, as the vendor sends numbers either way.</summary>
    public static bool TryParseLong(string? text, out long value)
        => long.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(EsignEnvelope<EsignOcrData>))]
[JsonSerializable(typeof(EsignEnvelope<EsignTokenData>))]
[JsonSerializable(typeof(EsignStatus))]
internal sealed partial class EsignJsonContext : JsonSerializerContext
{
    /// <summary>The context with the encoder that leaves <c>+</c> and Chinese text unescaped.</summary>
    public static EsignJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = JsonDefaults.Encoder,
    });
}
