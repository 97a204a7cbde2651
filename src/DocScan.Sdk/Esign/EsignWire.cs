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

    // The table says string; the server sends an object {x, y, width, height}.
    [JsonPropertyName("itemPolygon")]
    public EsignWireRect? ItemPolygon { get; set; }

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
