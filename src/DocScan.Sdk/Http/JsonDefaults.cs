using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DocScan.Sdk;

internal static class JsonDefaults
{
    /// <summary>The largest buffer a thread keeps for <see cref="Serialize{T}"/>; a bigger one is let go after use.</summary>
    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static MemoryStream? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Leaves <c>+</c> (escaped as <c>\u002B</c> by the default encoder, inflating Base64 by 8%) and Chinese
    /// text as they are. Safe here: request bodies go to HTTP APIs, never into HTML.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>A small JSON body already serialised to UTF-8, as <c>application/json</c> (as the vendors' own samples send it). One per attempt.</summary>
    public static HttpContent Content(byte[] utf8)
    {
        var content = new ObservedByteArrayContent(utf8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// A small request body as UTF-8 JSON, written with <see cref="Encoder"/>. <paramref name="typeInfo"/> comes from a
    /// source-generated context's <c>Default</c> options: the encoder is the writer's, so the generated fast path
    /// (which options with an encoder of their own would turn off) stays on.
    /// </summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
        => Write((value, typeInfo), static (writer, s) => JsonSerializer.Serialize(writer, s.value, s.typeInfo));

    /// <summary>
    /// A small request body as UTF-8 JSON, written by <paramref name="write"/> with <see cref="Encoder"/>, on a writer and
    /// buffer kept by the thread: only the returned array is allocated.
    /// </summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ?? new MemoryStream(512);
        var writer = t_writer ?? new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });
        t_buffer = null; // taken: a nested call on this thread makes its own
        t_writer = null;
        try
        {
            writer.Reset(buffer);
            write(writer, state);
            writer.Flush();
            return buffer.ToArray();
        }
        finally
        {
            writer.Reset();
            if (buffer.Capacity <= MaxKeptBuffer)
            {
                buffer.SetLength(0);
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }
}
