using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>
/// Decodes a Base64 JSON string from its UTF-8 bytes straight into a byte array of the exact size, like the
/// serializer's own <c>byte[]</c> handling, but also accepting a value without its trailing <c>=</c> padding or
/// with non-zero unused bits in its last group (the vendor's documented example is such a value) and a
/// <c>data:…;base64,</c> prefix.
/// </summary>
internal sealed class AliyunIqsBase64Converter : JsonConverter<byte[]>
{
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("The image is not a Base64 string.");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Decode(reader.ValueSpan);
        }

        // An escaped value (a JSON writer that writes "\/") or one split across buffers: unescape into a pooled buffer.
        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int written = reader.CopyString(buffer);
            return Decode(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteBase64StringValue(value);

    internal static byte[] Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("data:"u8))
        {
            int comma = utf8.IndexOf((byte)',');
            if (comma < 0)
            {
                throw new JsonException("The image is a data: URI without data.");
            }

            utf8 = utf8.Slice(comma + 1);
        }

        // Padding is optional; the bits a short last group leaves unused need not be zero (the vendor's example has them set).
        while (utf8.Length > 0 && utf8[utf8.Length - 1] == '=')
        {
            utf8 = utf8.Slice(0, utf8.Length - 1);
        }

        int whole = utf8.Length / 4 * 4;
        int rest = utf8.Length - whole;
        if (rest == 1)
        {
            throw new JsonException("The image is not valid Base64 (its length is one more than a multiple of 4).");
        }

        var output = new byte[(whole / 4 * 3) + (rest == 0 ? 0 : rest - 1)];
        var status = Base64.DecodeFromUtf8(utf8.Slice(0, whole), output, out int consumed, out int written, isFinalBlock: false);
        if (status != OperationStatus.Done || consumed != whole || written != whole / 4 * 3)
        {
            throw new JsonException("The image is not valid Base64.");
        }

        if (rest > 0)
        {
            int a = Sextet(utf8[whole]);
            int b = Sextet(utf8[whole + 1]);
            output[written] = (byte)((a << 2) | (b >> 4));
            if (rest == 3)
            {
                output[written + 1] = (byte)(((b & 0xF) << 4) | (Sextet(utf8[whole + 2]) >> 2));
            }
        }

        return output;
    }

    private static int Sextet(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' or (byte)'-' => 62,
        (byte)'/' or (byte)'_' => 63,
        _ => throw new JsonException("The image is not valid Base64."),
    };
}
