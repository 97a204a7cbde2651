using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// A 10 MiB image returned as Base64 inside JSON (Aliyun ScanFile's shape), decoded to bytes: the naive path
/// (string body, string field, Convert.FromBase64String) against the SDK's pooled read and direct decode.
/// </summary>
[MemoryDiagnoser]
public class ResponseBenchmarks
{
    private byte[] _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        var image = new byte[10 * 1024 * 1024];
        new Random(2).NextBytes(image);
        _json = Encoding.UTF8.GetBytes("{\"requestId\":\"r-1\",\"data\":{\"pages\":[{\"angle\":0,\"width\":2480,\"height\":3508,\"image\":\"" + Convert.ToBase64String(image) + "\"}]}}");
    }

    private HttpResponseMessage Response() => new(HttpStatusCode.OK) { Content = new ByteArrayContent(_json) { Headers = { ContentLength = _json.Length } } };

    [Benchmark(Baseline = true)]
    public async Task<int> Naive()
    {
        using var response = Response();
        var text = await response.Content.ReadAsStringAsync();
        var parsed = JsonSerializer.Deserialize(text, BenchJson.Default.NaiveScanResponse)!;
        return Convert.FromBase64String(parsed.data!.pages![0].image!).Length;
    }

    [Benchmark]
    public async Task<int> Sdk()
    {
        using var response = Response();
        using var body = await ResponseBody.ReadAsync(response, CancellationToken.None);
        var parsed = body.Deserialize(BenchJson.Default.ScanResponse);
        return parsed.Data!.Pages![0].Image!.Length;
    }
}

#pragma warning disable SA1300, IDE1006, CA1819
public sealed class NaiveScanResponse
{
    public NaiveData? data { get; set; }
}

public sealed class NaiveData
{
    public NaivePage[]? pages { get; set; }
}

public sealed class NaivePage
{
    public string? image { get; set; }
}

public sealed class ScanResponse
{
    [JsonPropertyName("data")]
    public ScanData? Data { get; set; }
}

public sealed class ScanData
{
    [JsonPropertyName("pages")]
    public ScanPage[]? Pages { get; set; }
}

public sealed class ScanPage
{
    [JsonPropertyName("image")]
    public byte[]? Image { get; set; }
}
#pragma warning restore SA1300, IDE1006, CA1819

[JsonSerializable(typeof(NaiveScan))]
[JsonSerializable(typeof(NaiveScanResponse))]
[JsonSerializable(typeof(ScanResponse))]
internal sealed partial class BenchJson : JsonSerializerContext
{
}
