using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocScan.Sdk.ClipImg;

// ClipImg's wire format: snake_case fields, a {code, msg, data} envelope on every JSON answer.
internal sealed class ClipImgEnvelope
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("msg")]
    public string? Msg { get; set; }

    [JsonPropertyName("data")]
    public ClipImgData? Data { get; set; }
}

// One shape for every operation's `data`: scan (points, image_id, filenames), crop and card layouts
// (the four link fields), document layouts (imgs, pdf).
internal sealed class ClipImgData
{
    [JsonPropertyName("points")]
    public double[][]? Points { get; set; }

    [JsonPropertyName("image_id")]
    public string? ImageId { get; set; }

    [JsonPropertyName("filenames")]
    public ClipImgWireFile? Filenames { get; set; }

    [JsonPropertyName("preview_url")]
    public string? PreviewUrl { get; set; }

    [JsonPropertyName("download_url")]
    public string? DownloadUrl { get; set; }

    [JsonPropertyName("preview_img_name")]
    public string? PreviewImgName { get; set; }

    [JsonPropertyName("img_name")]
    public string? ImgName { get; set; }

    [JsonPropertyName("imgs")]
    public List<ClipImgWireFile>? Imgs { get; set; }

    [JsonPropertyName("pdf")]
    public ClipImgWireFile? Pdf { get; set; }

    // Fields this SDK does not model yet, kept for DocScanResult.AdditionalData.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ClipImgWireFile
{
    [JsonPropertyName("preview_url")]
    public string? PreviewUrl { get; set; }

    [JsonPropertyName("download_url")]
    public string? DownloadUrl { get; set; }

    [JsonPropertyName("preview_img_name")]
    public string? PreviewImgName { get; set; }

    [JsonPropertyName("img_name")]
    public string? ImgName { get; set; }
}

internal sealed class ClipImgLayoutBody
{
    [JsonPropertyName("card_type")]
    public int CardType { get; set; }

    [JsonPropertyName("list")]
    public List<ClipImgLayoutItemBody> List { get; set; } = [];

    [JsonPropertyName("size_width")]
    public double? SizeWidth { get; set; }

    [JsonPropertyName("size_height")]
    public double? SizeHeight { get; set; }

    [JsonPropertyName("shadow_remove")]
    public int ShadowRemove { get; set; }
}

internal sealed class ClipImgLayoutItemBody
{
    [JsonPropertyName("image_id")]
    public string ImageId { get; set; } = string.Empty;

    [JsonPropertyName("points")]
    public double[][] Points { get; set; } = [];
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ClipImgEnvelope))]
[JsonSerializable(typeof(ClipImgLayoutBody))]
internal sealed partial class ClipImgJsonContext : JsonSerializerContext
{
}
