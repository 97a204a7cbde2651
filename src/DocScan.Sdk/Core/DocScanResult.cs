using System;
using System.Collections.Generic;
using System.Text.Json;

namespace DocScan.Sdk;

/// <summary>What every DocScan result carries besides its vendor-specific content.</summary>
/// <remarks>
/// Results have public <c>init</c> properties so applications can build them in their own tests (or use
/// <see cref="DocScanModelFactory"/>); the clients fill these properties in from the call that produced the result.
/// </remarks>
public abstract class DocScanResult
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    private static readonly IReadOnlyDictionary<string, JsonElement> NoData = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    private string _vendor = string.Empty;
    private string _operation = string.Empty;
    private string? _requestId;
    private int _httpStatus;
    private int _attempts;
    private TimeSpan _elapsed;
    private IReadOnlyDictionary<string, string> _responseHeaders = NoHeaders;
    private IReadOnlyDictionary<string, JsonElement> _additionalData = NoData;

    /// <summary>The vendor, as its configuration section is named (<c>ClipImg</c>, <c>Qingyang</c>, …).</summary>
    public string Vendor { get => _vendor; init => _vendor = value; }

    /// <summary>The operation that produced the result (<c>Scan</c>, <c>Download</c>, …).</summary>
    public string Operation { get => _operation; init => _operation = value; }

    /// <summary>The vendor's request id, where it returns one.</summary>
    public string? RequestId { get => _requestId; init => _requestId = value; }

    /// <summary>The HTTP status of the response that produced the result.</summary>
    public int HttpStatus { get => _httpStatus; init => _httpStatus = value; }

    /// <summary>How many HTTP attempts of the call reached the vendor (1 when no retry was needed); an attempt that timed out before its body started going out is not counted.</summary>
    public int Attempts { get => _attempts; init => _attempts = value; }

    /// <summary>Wall-clock time of the whole call, including rate-limit waits and retries.</summary>
    public TimeSpan Elapsed { get => _elapsed; init => _elapsed = value; }

    /// <summary>
    /// The headers of the response that produced the result (message and content headers; names compared ignoring case;
    /// several values of one header joined with <c>", "</c>). Credentials never appear: <c>Set-Cookie</c>,
    /// authentication challenges and any header whose name mentions a token, key, secret, signature or cookie are left out.
    /// Empty for a result that did not come from a response (a parsed callback).
    /// </summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get => _responseHeaders; init => _responseHeaders = value ?? NoHeaders; }

    /// <summary>
    /// Fields of the vendor's JSON answer that this SDK does not model, kept as sent, so a field the vendor adds is
    /// visible before the SDK reads it. Which object they come from is said on each result type; empty when there are none.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get => _additionalData; init => _additionalData = value ?? NoData; }

    internal void Stamp(string vendor, string operation, int httpStatus, string? requestId, int attempts, TimeSpan elapsed, IReadOnlyDictionary<string, string>? headers = null)
    {
        _vendor = vendor;
        _operation = operation;
        _httpStatus = httpStatus;
        _requestId = Http.LoggingHandler.CleanRequestId(_requestId ?? requestId); // vendor bodies carry ids too
        _attempts = attempts;
        _elapsed = elapsed;
        if (headers is not null)
        {
            _responseHeaders = headers;
        }
    }

    /// <summary>Sets what <see cref="DocScanModelFactory"/> takes for every result.</summary>
    internal T Fill<T>(string vendor, string operation, CallData call)
        where T : DocScanResult
    {
        Stamp(vendor, operation, call.HttpStatus, call.RequestId, call.Attempts, call.Elapsed, call.ResponseHeaders);
        _additionalData = call.AdditionalData ?? NoData;
        return (T)this;
    }

    /// <summary>The call data every result carries, as the factory receives it.</summary>
    internal readonly record struct CallData(string? RequestId, int HttpStatus, int Attempts, TimeSpan Elapsed, IReadOnlyDictionary<string, string>? ResponseHeaders, IReadOnlyDictionary<string, JsonElement>? AdditionalData);

    /// <summary>
    /// The unknown fields a vendor's wire type collected (<c>[JsonExtensionData]</c>), or an empty map. A field holding
    /// text that cannot be read (invalid UTF-8, a lone surrogate escape) is left out, so reading a result never throws.
    /// </summary>
    internal static IReadOnlyDictionary<string, JsonElement> Unknown(Dictionary<string, JsonElement>? extra)
    {
        if (extra is not { Count: > 0 })
        {
            return NoData;
        }

        var kept = new Dictionary<string, JsonElement>(extra.Count, StringComparer.Ordinal);
        foreach (var pair in extra)
        {
            if (IsReadableText(pair.Value))
            {
                kept[pair.Key] = pair.Value;
            }
        }

        return kept;
    }

#if NETSTANDARD2_0
    private static bool IsPlainUtf8(JsonElement value) => false;

    private static bool IsPlainUtf8(JsonProperty property) => false;
#else
    // Text without escapes that is valid UTF-8 decodes: checked on the raw bytes, without making the strings.
    // Anything else (an escape could be a lone surrogate) is decoded, which throws when it cannot be read.
    private static bool IsPlainUtf8(JsonElement value) => IsPlainUtf8(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value));

    private static bool IsPlainUtf8(JsonProperty property) => IsPlainUtf8(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(property));

    private static bool IsPlainUtf8(ReadOnlySpan<byte> raw) => raw.IndexOf((byte)'\\') < 0 && System.Text.Unicode.Utf8.IsValid(raw);
#endif

    /// <summary>Whether every string and property name in <paramref name="json"/> decodes (no invalid UTF-8, no lone surrogate).</summary>
    internal static bool IsReadableText(JsonElement json)
    {
        try
        {
            Visit(json);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        // The document's depth is bounded by JsonDocument's maximum (64), so the recursion is too.
        static void Visit(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    if (!IsPlainUtf8(element))
                    {
                        _ = element.GetString();
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!IsPlainUtf8(property))
                        {
                            _ = property.Name;
                        }

                        Visit(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
            }
        }
    }
}
