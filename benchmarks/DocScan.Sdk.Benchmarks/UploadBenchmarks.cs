using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DocScan.Sdk.ClipImg;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// A ClipImg scan of a 10 MiB image file over loopback HTTP: the naive vendor-sample path, the SDK, a careful
/// hand-written streaming upload (the file read through a Base64 <see cref="CryptoStream"/> into the request), and the
/// floor (the same final body bytes, pre-built, through the same connection: it does no file read and no encoding).
/// </summary>
[MemoryDiagnoser]
public class UploadBenchmarks
{
    private const string ScanOk = """{"code":0,"msg":"Success","data":{"points":[[1,2],[3,2],[3,4],[1,4]],"image_id":"i","filenames":{"preview_url":"http://x/p","download_url":"http://x/d","preview_img_name":"p","img_name":"n"}}}""";

    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private ClipImgClient _sdk = null!;
    private string _path = null!;
    private byte[] _finalBody = null!;
    private Uri _scanUri = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new LoopbackServer(ScanOk);
        _path = Path.Combine(Path.GetTempPath(), "docscan-bench-10mib.jpg");
        var bytes = new byte[10 * 1024 * 1024];
        new Random(1).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF;
        File.WriteAllBytes(_path, bytes);
        _http = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _scanUri = new Uri(_server.BaseAddress, "/api/pic/scan");
        var options = new ClipImgClientOptions { ApiKey = "bench-key", BaseAddress = _server.BaseAddress };
        options.RateLimit.Enabled = false;
        _sdk = new ClipImgClient(options);
        _finalBody = Encoding.UTF8.GetBytes("{\"file\":\"" + Convert.ToBase64String(bytes) + "\",\"card_type\":7}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _http.Dispose();
        _server.Dispose();
        File.Delete(_path);
    }

    /// <summary>What every vendor sample does: the whole file, then a Base64 string, then a JSON string.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Naive()
    {
        var b64 = Convert.ToBase64String(await File.ReadAllBytesAsync(_path));
        var json = JsonSerializer.Serialize(new NaiveScan { file = b64, card_type = 7 }, BenchJson.Default.NaiveScan);
        using var request = new HttpRequestMessage(HttpMethod.Post, _scanUri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-API-Key", "bench-key");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return text.Length;
    }

    /// <summary>The SDK: the file is read and Base64-encoded while the body is written.</summary>
    [Benchmark]
    public async Task<int> Sdk()
    {
        var result = await _sdk.ScanAsync(ImageInput.FromFile(_path), new ClipImgScanOptions { CardType = ClipImgCardType.Document });
        return result.ImageId.Length;
    }

    /// <summary>
    /// What a careful hand-written call does: the file read through <see cref="ToBase64Transform"/> straight into
    /// the request, between the JSON's head and tail, with the length known up front.
    /// </summary>
    [Benchmark]
    public async Task<int> HandWrittenStreaming()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _scanUri) { Content = new StreamingScanBody(_path) };
        request.Headers.Add("X-API-Key", "bench-key");
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    /// <summary>The floor: the same final body bytes, already built, through the same connection.</summary>
    [Benchmark]
    public async Task<int> Floor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _scanUri) { Content = new ByteArrayContent(_finalBody) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-API-Key", "bench-key");
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }
}

/// <summary><c>{"file":"&lt;Base64 of the file&gt;","card_type":7}</c>, encoded while it is written.</summary>
internal sealed class StreamingScanBody : HttpContent
{
    private static readonly byte[] Head = Encoding.UTF8.GetBytes("{\"file\":\"");
    private static readonly byte[] Tail = Encoding.UTF8.GetBytes("\",\"card_type\":7}");
    private readonly string _path;

    public StreamingScanBody(string path)
    {
        _path = path;
        Headers.ContentType = new("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Head);
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true))
        using (var base64 = new CryptoStream(file, new ToBase64Transform(), CryptoStreamMode.Read))
        {
            await base64.CopyToAsync(stream, 256 * 1024);
        }

        await stream.WriteAsync(Tail);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Head.Length + ((new FileInfo(_path).Length + 2) / 3 * 4) + Tail.Length;
        return true;
    }
}

#pragma warning disable SA1300, IDE1006 // the vendor's field names
public sealed class NaiveScan
{
    public string file { get; set; } = "";

    public int card_type { get; set; }
}
#pragma warning restore SA1300, IDE1006
