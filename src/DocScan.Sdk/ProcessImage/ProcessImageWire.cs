using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocScan.Sdk.ProcessImage;

// processimage.cn's response (synchronous reply and callback alike): camelCase, null fields omitted.
internal sealed class ProcessImageEnvelope
{
    [JsonPropertyName("httpCode")]
    public int? HttpCode { get; set; }

    [JsonPropertyName("httpMsg")]
    public string? HttpMsg { get; set; }

    [JsonPropertyName("remainingUsage")]
    public long? RemainingUsage { get; set; }

    // The page's name; the server sends callSuccessful.
    [JsonPropertyName("allUsedCount")]
    public long? AllUsedCount { get; set; }

    [JsonPropertyName("callSuccessful")]
    public long? CallSuccessful { get; set; }

    [JsonPropertyName("longTermUsageCount")]
    public long? LongTermUsageCount { get; set; }

    [JsonPropertyName("limitedTermUsageCount")]
    public long? LimitedTermUsageCount { get; set; }

    // An ISO string in the synchronous reply; the callback's serialiser may write an object, an array or a number.
    [JsonPropertyName("limitedTermExpireTimes")]
    [JsonConverter(typeof(LenientVendorTimeConverter))]
    public DateTimeOffset? LimitedTermExpireTimes { get; set; }

    [JsonPropertyName("msgInnerReferer")]
    public string? MsgInnerReferer { get; set; }

    [JsonPropertyName("returnType")]
    public string? ReturnType { get; set; }

    // The client's IP address as the vendor saw it.
    [JsonPropertyName("location")]
    public string? Location { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    [JsonPropertyName("data")]
    public ProcessImageData? Data { get; set; }

    [JsonPropertyName("encryptedInfo")]
    public ProcessImageEncryptedInfo? EncryptedInfo { get; set; }
}

internal sealed class ProcessImageData
{
    [JsonPropertyName("processStatus")]
    public int? ProcessStatus { get; set; }

    [JsonPropertyName("processMsg")]
    public string? ProcessMsg { get; set; }

    [JsonPropertyName("processCount")]
    public int? ProcessCount { get; set; }

    [JsonPropertyName("processLocation")]
    public List<ProcessImageWireRegion>? ProcessLocation { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class ProcessImageWireRegion
{
    [JsonPropertyName("x")]
    public double X { get; set; }

    [JsonPropertyName("y")]
    public double Y { get; set; }

    [JsonPropertyName("w")]
    public double W { get; set; }

    [JsonPropertyName("h")]
    public double H { get; set; }

    [JsonPropertyName("lineCount")]
    public int? LineCount { get; set; }

    // The server's name; the page calls the region text "watermark".
    [JsonPropertyName("word")]
    public string? Word { get; set; }

    [JsonPropertyName("watermark")]
    public string? Watermark { get; set; }
}

internal sealed class ProcessImageEncryptedInfo
{
    [JsonPropertyName("imageUniqueIdentification")]
    public string? ImageUniqueIdentification { get; set; }

    [JsonPropertyName("sign")]
    public string? Sign { get; set; }
}

/// <summary>
/// Reads a Java date-time however it was serialised: an ISO string (with or without offset, <c>T</c> or space), epoch
/// milliseconds or seconds, a Jackson array <c>[y,M,d,h,m,s,nanos]</c>, a Jackson object
/// (<c>year</c>, <c>monthValue</c>, <c>dayOfMonth</c>, …), a Gson object (<c>date:{year,month,day}</c>,
/// <c>time:{hour,minute,second,nano}</c>) or <c>{"time": epochMillis}</c>. Anything else becomes null rather than an error.
/// A time without offset is China Standard Time (UTC+8), where the vendor runs. A time that cannot be represented
/// (out of range, such as <c>0001-01-01 00:00:00</c> at UTC+8) is null too: the field is informational, so it never
/// fails an answer.
/// </summary>
internal sealed class LenientVendorTimeConverter : JsonConverter<DateTimeOffset?>
{
    public static readonly TimeSpan VendorOffset = TimeSpan.FromHours(8);

    private static readonly string[] LocalFormats =
    {
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    };

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return FromElement(doc.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static DateTimeOffset? FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return FromString(e.GetString());
            case JsonValueKind.Number when e.TryGetInt64(out long n):
                return FromEpoch(n);
            case JsonValueKind.Array:
                var parts = new List<int>();
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int p))
                    {
                        return null;
                    }

                    parts.Add(p);
                }

                return parts.Count >= 3
                    ? Make(parts[0], parts[1], parts[2], At(parts, 3), At(parts, 4), At(parts, 5), At(parts, 6))
                    : null;
            case JsonValueKind.Object:
                return FromObject(e);
            default:
                return null;
        }
    }

    private static int At(List<int> parts, int i) => i < parts.Count ? parts[i] : 0;

    private static DateTimeOffset? FromString(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        s = s!.Trim();
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
        {
            return FromEpoch(n);
        }

        if (DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Local(local);
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(s) ? withOffset : null;
    }

    private static bool HasOffset(string s)
    {
        int t = s.IndexOfAny(new[] { 'T', ' ' });
        return s.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || (t > 0 && s.IndexOfAny(new[] { '+', '-' }, t) > 0);
    }

    private static DateTimeOffset? FromEpoch(long n)
    {
        try
        {
            return n > 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static DateTimeOffset? FromObject(JsonElement o)
    {
        if (Number(o, "time") is { } epoch && !o.TryGetProperty("date", out _))
        {
            return FromEpoch(epoch);
        }

        if (Number(o, "epochSecond") is { } seconds)
        {
            return FromEpoch(seconds);
        }

        // Gson: {"date":{"year","month","day"},"time":{"hour","minute","second","nano"}}
        if (o.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.Object)
        {
            o.TryGetProperty("time", out var time);
            bool hasTime = time.ValueKind == JsonValueKind.Object;
            return Make(
                (int)(Number(date, "year") ?? 0),
                (int)(Number(date, "month") ?? 0),
                (int)(Number(date, "day") ?? 0),
                hasTime ? (int)(Number(time, "hour") ?? 0) : 0,
                hasTime ? (int)(Number(time, "minute") ?? 0) : 0,
                hasTime ? (int)(Number(time, "second") ?? 0) : 0,
                hasTime ? (int)(Number(time, "nano") ?? 0) : 0);
        }

        // Jackson without the Java time module: year, monthValue (month is a name), dayOfMonth, hour, minute, second, nano.
        return Make(
            (int)(Number(o, "year") ?? 0),
            (int)(Number(o, "monthValue") ?? Number(o, "month") ?? 0),
            (int)(Number(o, "dayOfMonth") ?? Number(o, "day") ?? 0),
            (int)(Number(o, "hour") ?? 0),
            (int)(Number(o, "minute") ?? 0),
            (int)(Number(o, "second") ?? 0),
            (int)(Number(o, "nano") ?? 0));
    }

    private static long? Number(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    private static DateTimeOffset? Make(int year, int month, int day, int hour, int minute, int second, int nanos)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59 || nanos is < 0 or > 999_999_999)
        {
            return null;
        }

        return Local(new DateTime(year, month, day, hour, minute, second).AddTicks(nanos / 100));
    }

    // A local time whose UTC instant falls before 0001-01-01 (Java's "0001-01-01 00:00:00" placeholder at UTC+8)
    // cannot be a DateTimeOffset: it is no real expiry, so it reads as null rather than an exception.
    private static DateTimeOffset? Local(DateTime local)
        => local.Ticks - VendorOffset.Ticks < DateTime.MinValue.Ticks
            ? null
            : new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), VendorOffset);
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProcessImageEnvelope))]
internal sealed partial class ProcessImageJsonContext : JsonSerializerContext
{
}
