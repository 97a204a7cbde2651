using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator.Shared;
using Microsoft.Extensions.Time.Testing;

namespace DocScan.Emulator.Tests;

/// <summary>Helpers: start an emulator, make images, send JSON with a plain HttpClient.</summary>
internal static class Support
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public static Task<DocScanEmulator> StartAsync(Action<EmulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new EmulatorOptions { TimeProvider = time ?? TimeProvider.System };
        configure?.Invoke(options);
        return DocScanEmulator.StartAsync(options, Ct);
    }

    public static HttpClient Client(Uri baseAddress) => new() { BaseAddress = baseAddress };

    /// <summary>A real greyscale PNG of the given size.</summary>
    public static byte[] PngImage(int width = 400, int height = 300) => Png.Encode(new GrayImage(width, height, 0xC0));

    /// <summary>The processimage.cn worked example's image: <c>FF D8 FF E0</c> then ASCII <c>test-image-bytes</c>.</summary>
    public static byte[] WorkedExampleImage() => [0xFF, 0xD8, 0xFF, 0xE0, .. "test-image-bytes"u8];

    public static StringContent Json(object body)
        => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
        => (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    public static HttpRequestMessage Post(string path, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static MediaTypeHeaderValue ContentType(string value) => MediaTypeHeaderValue.Parse(value);

    /// <summary>Whether bytes are a PNG whose IHDR matches the size.</summary>
    public static bool IsPng(byte[] data, out int width, out int height)
    {
        width = height = 0;
        if (ImageProbe.Kind(data) != ImageKind.Png || !ImageProbe.TrySize(data, out width, out height))
        {
            return false;
        }

        // The last chunk must be IEND: the file is complete.
        return data.AsSpan(data.Length - 8, 4).SequenceEqual("IEND"u8);
    }
}
