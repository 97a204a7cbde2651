using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;

namespace DocScan.Sdk.Qingyang;

/// <summary>Optional settings of a recognition.</summary>
public sealed class QingyangRecognizeOptions
{
    /// <summary>
    /// Restricts recognition to a broad category (<see cref="QingyangCategory.IdCard"/>) or an exact card type
    /// (<c>QingyangCardType.IdCardFront</c> converts implicitly). Not sent when null; the service then detects the type.
    /// </summary>
    public QingyangCategory? Category { get; set; }
}

/// <summary>Optional settings of a recognition of a file already on the Qingyang server.</summary>
public sealed class QingyangRecognizeServerFileOptions
{
    /// <summary>
    /// Restricts recognition to a broad category (<see cref="QingyangCategory.IdCard"/>) or an exact card type
    /// (<c>QingyangCardType.IdCardFront</c> converts implicitly). Not sent when null; the service then detects the type.
    /// </summary>
    public QingyangCategory? Category { get; set; }
}

/// <summary>Model tokens a recognition consumed (the service bills by them).</summary>
public sealed class QingyangTokenUsage
{
    /// <summary>Input tokens (<c>tokensIn</c>).</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens (<c>tokensOut</c>).</summary>
    public long OutputTokens { get; init; }

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>The result of a certificate recognition: one <see cref="QingyangDocument"/> per card found.</summary>
/// <remarks><see cref="DocScanResult.AdditionalData"/> holds the top-level fields this SDK does not model.</remarks>
public class QingyangRecognizeResult : DocScanResult
{
    /// <summary>The detected card types, from the comma-separated <c>cardType</c>; empty when the service answers <c>未知</c> (nothing recognised).</summary>
    public IReadOnlyList<QingyangCardType> CardTypes { get; init; } = Array.Empty<QingyangCardType>();

    /// <summary>The <c>cardType</c> field verbatim (for example <c>身份证正面,身份证背面</c> or <c>未知</c>).</summary>
    public string CardTypeText { get; init; } = string.Empty;

    /// <summary>Tokens consumed (<c>tokensIn</c>, <c>tokensOut</c>).</summary>
    public QingyangTokenUsage Usage { get; init; } = new();

    /// <summary>One document per card found (<c>result[]</c>), in the service's order.</summary>
    public IReadOnlyList<QingyangDocument> Documents { get; init; } = Array.Empty<QingyangDocument>();

    /// <summary>The file path or URL the service recorded (<c>filePath</c>), if any.</summary>
    public string? FilePath { get; init; }

    /// <summary>The file name the service recorded (<c>fileName</c>), if any.</summary>
    public string? FileName { get; init; }

    /// <summary>The reserved <c>rawResult</c> field as the service sent it: a string's value, other JSON as text; null when absent or empty.</summary>
    public string? RawResult { get; init; }
}

/// <summary>The result of a recognition of a file already on the Qingyang server: the same content as <see cref="QingyangRecognizeResult"/>.</summary>
public sealed class QingyangRecognizeServerFileResult : QingyangRecognizeResult
{
}

/// <summary>
/// One recognised card (an element of <c>result[]</c>): its <see cref="Type"/> and every field as raw JSON.
/// Typed views (<see cref="AsIdCardFront"/> …) read the fields of the card types the SDK knows.
/// </summary>
/// <remarks>
/// Nothing the service sends is dropped: <see cref="Json"/> is the whole object and <see cref="Fields"/> every
/// property but <c>type</c>, including fields the SDK does not know. Field names inside a document are snake_case
/// (<c>id_number</c>).
/// </remarks>
public sealed class QingyangDocument
{
    // Built on first read: a caller that only takes the typed view or the JSON never pays for the map and its names.
    private Dictionary<string, JsonElement>? _fields;

    /// <summary>Wraps one element of <c>result[]</c> (also for building results in tests).</summary>
    /// <param name="json">A JSON object; it is cloned, so the caller may dispose its document.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="json"/> is not a JSON object, or holds text that cannot be read as a string (invalid UTF-8, a lone
    /// surrogate escape such as <c>"\udc00"</c>), in a value or a property name.
    /// </exception>
    public QingyangDocument(JsonElement json)
        : this(json, textChecked: false)
    {
    }

    /// <summary>Wraps an element whose text the client has already checked with <see cref="DocScanResult.IsReadableText"/> (when <paramref name="textChecked"/>).</summary>
    internal QingyangDocument(JsonElement json, bool textChecked)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A Qingyang document is a JSON object; got {json.ValueKind}.", nameof(json));
        }

        // Checked once, so that no accessor or typed view can fail later when it reads a string.
        if (!textChecked && !DocScanResult.IsReadableText(json))
        {
            throw new ArgumentException("A Qingyang document holds text that is not valid UTF-8 or UTF-16 (in a value or a property name).", nameof(json));
        }

        Json = json.Clone();
        string? type = null;
        foreach (var property in Json.EnumerateObject())
        {
            if (property.NameEquals("type"u8))
            {
                type = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText(); // the last one, as in Fields
            }
        }

        TypeName = type ?? string.Empty;
        Type = string.IsNullOrWhiteSpace(type) ? default : QingyangCardType.FromName(type!);
    }

    /// <summary>The card type (<c>type</c>); <c>default</c> (empty name) when the service sent none.</summary>
    public QingyangCardType Type { get; }

    /// <summary>The <c>type</c> field verbatim.</summary>
    public string TypeName { get; }

    /// <summary>The whole document as the service sent it.</summary>
    public JsonElement Json { get; }

    /// <summary>Every field but <c>type</c>, by its snake_case name, as raw JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> Fields => FieldMap();

    /// <summary>A field as text: a string's value, a number or boolean as written; null when the field is absent, null, or an object/array.</summary>
    /// <param name="name">The field name (<c>id_number</c>).</param>
    /// <returns>The text, or null.</returns>
    public string? GetString(string name)
    {
        if (name is null || !FieldMap().TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>The first of <paramref name="names"/> that has a non-empty text value (see <see cref="GetString"/>).</summary>
    /// <param name="names">Field names, most likely first.</param>
    /// <returns>The text, or null when none has one.</returns>
    public string? GetFirstString(params string[] names)
    {
        if (names is null)
        {
            return null;
        }

        foreach (var name in names)
        {
            var value = GetString(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The ID-card-front view, when <see cref="Type"/> is <see cref="QingyangCardType.IdCardFront"/>; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangIdCardFront? AsIdCardFront() => Type == QingyangCardType.IdCardFront ? new QingyangIdCardFront(this) : null;

    /// <summary>The ID-card-back view, when <see cref="Type"/> is <see cref="QingyangCardType.IdCardBack"/>; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangIdCardBack? AsIdCardBack() => Type == QingyangCardType.IdCardBack ? new QingyangIdCardBack(this) : null;

    /// <summary>The driving-licence (驾驶证) view, for its front, back or electronic form; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangDriverLicense? AsDriverLicense()
        => Type == QingyangCardType.DriverLicenseFront || Type == QingyangCardType.DriverLicenseBack || Type == QingyangCardType.ElectronicDriverLicense
            ? new QingyangDriverLicense(this)
            : null;

    /// <summary>The vehicle-licence (行驶证) view, for its front or back; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangVehicleLicense? AsVehicleLicense()
        => Type == QingyangCardType.VehicleLicenseFront || Type == QingyangCardType.VehicleLicenseBack ? new QingyangVehicleLicense(this) : null;

    /// <summary>The passport view, when <see cref="Type"/> is <see cref="QingyangCardType.Passport"/>; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangPassport? AsPassport() => Type == QingyangCardType.Passport ? new QingyangPassport(this) : null;

    /// <summary>The household-register view, when <see cref="Type"/> is <see cref="QingyangCardType.HouseholdRegister"/>; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangHouseholdRegister? AsHouseholdRegister() => Type == QingyangCardType.HouseholdRegister ? new QingyangHouseholdRegister(this) : null;

    /// <summary>The bank-card view, when <see cref="Type"/> is <see cref="QingyangCardType.BankCard"/>; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangBankCard? AsBankCard() => Type == QingyangCardType.BankCard ? new QingyangBankCard(this) : null;

    /// <summary>The business-licence view, when <see cref="Type"/> is <see cref="QingyangCardType.BusinessLicense"/>; otherwise null.</summary>
    /// <returns>The view, or null.</returns>
    public QingyangBusinessLicense? AsBusinessLicense() => Type == QingyangCardType.BusinessLicense ? new QingyangBusinessLicense(this) : null;

    private Dictionary<string, JsonElement> FieldMap()
    {
        var fields = Volatile.Read(ref _fields);
        if (fields is not null)
        {
            return fields;
        }

        fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in Json.EnumerateObject())
        {
            if (!property.NameEquals("type"u8))
            {
                fields[property.Name] = property.Value; // a repeated name keeps its last value
            }
        }

        // Two readers at once may both build it; either map is the same.
        return Interlocked.CompareExchange(ref _fields, fields, null) ?? fields;
    }

    /// <summary>The type and the number of fields.</summary>
    /// <returns>A display string; field values (personal data) are left out.</returns>
    public override string ToString()
        => "QingyangDocument(" + (TypeName.Length == 0 ? "no type" : TypeName) + ", " + FieldMap().Count.ToString(CultureInfo.InvariantCulture) + " fields)";
}
