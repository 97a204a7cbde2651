using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocScan.Sdk.Qingyang;

// Qingyang's wire format: camelCase at the top level, snake_case inside result[] (kept raw).
// Errors are {"error": "..."} alone or the full envelope with success:false.
internal sealed class QingyangEnvelope
{
    [JsonPropertyName("success")]
    public bool? Success { get; set; }

    [JsonPropertyName("cardType")]
    public string? CardType { get; set; }

    [JsonPropertyName("tokensIn")]
    public long? TokensIn { get; set; }

    [JsonPropertyName("tokensOut")]
    public long? TokensOut { get; set; }

    // One element for the whole array (one document), not a list of elements that would each be a document of their own.
    [JsonPropertyName("result")]
    public JsonElement? Result { get; set; }

    [JsonPropertyName("rawResult")]
    public JsonElement? RawResult { get; set; }

    [JsonPropertyName("filePath")]
    public string? FilePath { get; set; }

    [JsonPropertyName("fileName")]
    public string? FileName { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    // Fields this SDK does not model yet, kept for DocScanResult.AdditionalData.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class QingyangUrlBody
{
    [JsonPropertyName("file_url")]
    public string FileUrl { get; set; } = string.Empty;

    [JsonPropertyName("category")]
    public string? Category { get; set; }
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(QingyangEnvelope))]
[JsonSerializable(typeof(QingyangUrlBody))]
internal sealed partial class QingyangJsonContext : JsonSerializerContext
{
}
