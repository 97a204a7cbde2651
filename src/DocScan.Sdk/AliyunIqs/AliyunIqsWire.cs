using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocScan.Sdk.AliyunIqs;

// Aliyun IQS ScanFile's wire format: camelCase JSON. The error body's field names are not documented:
// read requestId/code/message case-insensitively, and errorCode/errorMessage as well.
internal sealed class AliyunIqsResponse
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("scanFileInfoList")]
    public List<AliyunIqsWirePage>? ScanFileInfoList { get; set; }

    [JsonPropertyName("searchInformation")]
    public AliyunIqsWireSearchInformation? SearchInformation { get; set; }

    [JsonPropertyName("code")]
    public JsonElement? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }

    // Fields this SDK does not model yet, kept for DocScanResult.AdditionalData.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class AliyunIqsWirePage
{
    [JsonPropertyName("angle")]
    public int Angle { get; set; }

    [JsonPropertyName("height")]
    public int Height { get; set; }

    [JsonPropertyName("width")]
    public int Width { get; set; }

    // Decoded from the UTF-8 bytes of the body straight into the array: no intermediate string.
    [JsonPropertyName("imageBase64")]
    [JsonConverter(typeof(AliyunIqsBase64Converter))]
    public byte[]? ImageBase64 { get; set; }
}

internal sealed class AliyunIqsWireSearchInformation
{
    // Kept raw: the value is informational, so a fraction, a huge number, one out of TimeSpan's range or another
    // type becomes a null SearchTime instead of failing a charged call.
    [JsonPropertyName("searchTime")]
    public JsonElement? SearchTime { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(AliyunIqsResponse))]
internal sealed partial class AliyunIqsJsonContext : JsonSerializerContext
{
    /// <summary>The context for reading answers (case-insensitive names, numbers also as strings).</summary>
    public static AliyunIqsJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = JsonDefaults.Encoder,
    });
}
