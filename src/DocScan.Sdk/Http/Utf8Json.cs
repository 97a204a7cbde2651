using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DocScan.Sdk.Http;

/// <summary>JSON from a vendor that may not be valid UTF-8.</summary>
/// <remarks>
/// System.Text.Json throws <see cref="InvalidOperationException"/> (not <see cref="JsonException"/>) when a string or
/// property name holds invalid UTF-8. A body with invalid bytes is repaired first (each invalid sequence becomes
/// U+FFFD, as <see cref="Encoding.UTF8"/> decodes it), so one corrupted byte in a message field never turns a
/// (possibly charged) answer into an exception of the wrong type.
/// </remarks>
internal static class Utf8Json
{
#if NETSTANDARD2_0
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
#endif

    /// <summary>Parses <paramref name="json"/>; throws only <see cref="JsonException"/> for a body that is not that JSON.</summary>
    public static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        => JsonSerializer.Deserialize(Repair(json), typeInfo);

    /// <summary><paramref name="bytes"/> when they are valid UTF-8, else a copy with every invalid sequence replaced by U+FFFD.</summary>
    public static ReadOnlySpan<byte> Repair(ReadOnlySpan<byte> bytes)
    {
#if NETSTANDARD2_0
        byte[] array = bytes.ToArray();
        try
        {
            Strict.GetCharCount(array);
            return array;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(array));
        }
#else
        return System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes));
#endif
    }

    /// <summary>A header value must be visible ASCII; a token that is not cannot be sent (and may be an injection attempt).</summary>
    public static bool IsHeaderSafe(string value)
    {
        foreach (char c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return value.Length > 0;
    }
}
