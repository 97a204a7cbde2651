using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using static DocScan.Emulator.Tests.Support;

namespace DocScan.Emulator.Tests;

public sealed class FaultAndLogTests
{
    private static readonly (string, string) Key = ("X-API-Key", EmulatorCredentials.ClipImgApiKey);

    private static HttpRequestMessage Scan() => Post("/api/pic/scan", Json(new { file = Convert.ToBase64String(PngImage()) }), Key);

    [Fact]
    public async Task The_next_n_calls_fail_with_the_vendor_code_then_the_vendor_answers_again()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        emulator.Faults.Add(EmulatorVendor.ClipImg, EmulatorFault.VendorError(EmulatorVendor.ClipImg, "509"), count: 2);
        using var http = Client(emulator.ClipImgBaseAddress);
        for (int i = 0; i < 2; i++)
        {
            using var failed = await http.SendAsync(Scan(), Ct);
            Assert.Equal(509, (int)failed.StatusCode);
            Assert.Equal(509, (int)(await ReadJsonAsync(failed))["code"]!);
        }

        using var ok = await http.SendAsync(Scan(), Ct);
        Assert.Equal(0, (int)(await ReadJsonAsync(ok))["code"]!);
        Assert.Equal(["status", "status", null], (await emulator.Requests.CompletedAsync(3, Ct)).Select(r => r.InjectedFault));
        Assert.Equal(0, emulator.Faults.Pending(EmulatorVendor.ClipImg));
    }

    [Fact]
    public async Task A_throttling_fault_sends_retry_after_in_the_vendor_shape()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Add(EmulatorVendor.AliyunIqs, EmulatorFault.Throttled(EmulatorVendor.AliyunIqs, TimeSpan.FromSeconds(2)));
        emulator.Faults.Add(EmulatorVendor.ProcessImage, EmulatorFault.Throttled(EmulatorVendor.ProcessImage));
        using var aliyun = Client(emulator.AliyunIqsBaseAddress);
        using (var response = await aliyun.SendAsync(Post("/scan/file", Json(new { imageUrl = "https://example.com/a.jpg" })), Ct))
        {
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter!.Delta);
            Assert.Equal("Retrieval.Throttling.User", (string)(await ReadJsonAsync(response))["code"]!);
        }

        using var processImage = Client(emulator.ProcessImageBaseAddress);
        using var throttled = await processImage.SendAsync(Post("/watermark/access", new MultipartFormDataContent()), Ct);
        Assert.Equal(HttpStatusCode.OK, throttled.StatusCode);
        Assert.Equal(429, (int)(await ReadJsonAsync(throttled))["httpCode"]!);
    }

    [Fact]
    public async Task A_path_filtered_fault_only_hits_that_path()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        emulator.Faults.Add(EmulatorVendor.ClipImg, EmulatorFault.Status(503, "busy"), path: "/api/pic/scan/download");
        using var http = Client(emulator.ClipImgBaseAddress);
        using (var scan = await http.SendAsync(Scan(), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        }

        using var download = await http.SendAsync(Post("/api/pic/scan/download/anything", null, Key), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
        Assert.Equal("busy", await download.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_reset_fault_aborts_the_connection_after_the_body_arrived()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Add(EmulatorVendor.Qingyang, EmulatorFault.Reset());
        using var http = Client(emulator.QingyangBaseAddress);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(Post("/ocr", Json(new { file_url = "https://example.com/a.jpg" }), ("X-Auth-Key", EmulatorCredentials.QingyangAuthKey)), Ct));
        var entry = Assert.Single(await emulator.Requests.CompletedAsync(1, Ct));
        Assert.Equal(("fault-reset", 0, false), (entry.Outcome, entry.StatusCode, entry.Charged));
        Assert.True(entry.BodyBytes > 0);
    }

    [Fact]
    public async Task A_hang_outlasts_the_client_timeout_and_is_logged_as_aborted()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Add(EmulatorVendor.Esign, EmulatorFault.Hang());
        using var http = new HttpClient { BaseAddress = emulator.EsignBaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => http.GetAsync("/v1/oauth2/access_token?appId=x&secret=y&grantType=client_credentials", Ct));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        var entry = (await emulator.Requests.CompletedAsync(1, Ct))[0];
        Assert.Equal(("aborted", "hang"), (entry.Outcome, entry.InjectedFault));
    }

    [Fact]
    public async Task A_short_hang_then_lets_the_vendor_answer()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Add(EmulatorVendor.Qingyang, EmulatorFault.Hang(TimeSpan.FromMilliseconds(300)));
        using var http = Client(emulator.QingyangBaseAddress);
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(Post("/ocr", Json(new { file_url = "https://example.com/a.jpg" }), ("X-Auth-Key", EmulatorCredentials.QingyangAuthKey)), Ct);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290));
        Assert.True((bool)(await ReadJsonAsync(response))["success"]!);
    }

    [Fact]
    public async Task Faults_can_be_added_and_the_log_read_over_the_admin_endpoints()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var http = Client(emulator.ClipImgBaseAddress);
        using (var added = await http.PostAsync("/_emulator/faults", Json(new { vendorCode = 402, count = 1, retryAfterSeconds = 3 }), Ct))
        {
            Assert.Equal(1, (int)(await ReadJsonAsync(added))["pending"]!);
        }

        using (var failed = await http.SendAsync(Scan(), Ct))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, failed.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), failed.Headers.RetryAfter!.Delta);
        }

        using var log = await http.GetAsync("/_emulator/requests?vendor=clipimg", Ct);
        var entries = System.Text.Json.Nodes.JsonNode.Parse(await log.Content.ReadAsStringAsync(Ct))!.AsArray();
        var entry = Assert.Single(entries)!;
        Assert.Equal("/api/pic/scan", (string)entry["path"]!);
        Assert.Equal("402", (string)entry["vendorCode"]!);
        Assert.Equal("ClipImg", (string)entry["vendor"]!);
    }

    [Fact]
    public async Task The_log_keeps_arrival_order_headers_as_sent_body_size_and_outcome_per_vendor()
    {
        await using var emulator = await StartAsync(o => o.ClipImg.RequestsPerSecond = null);
        using var clip = Client(emulator.ClipImgBaseAddress);
        using var aliyun = Client(emulator.AliyunIqsBaseAddress);
        var scan = Scan();
        long size = (await scan.Content!.ReadAsByteArrayAsync(Ct)).Length;
        (await clip.SendAsync(scan, Ct)).Dispose();
        (await aliyun.SendAsync(Post("/scan/file", Json("{}")), Ct)).Dispose();
        (await clip.SendAsync(Post("/api/pic/unknown", Json("{}"), Key), Ct)).Dispose();

        var all = await emulator.Requests.CompletedAsync(3, Ct);
        Assert.Equal([1L, 2L, 3L], all.Select(r => r.Sequence));
        Assert.Equal([EmulatorVendor.ClipImg, EmulatorVendor.AliyunIqs, EmulatorVendor.ClipImg], all.Select(r => r.Vendor));
        Assert.Equal(["ok", "unauthorized", "not-found"], all.Select(r => r.Outcome));
        Assert.Equal(size, all[0].BodyBytes);
        Assert.Equal([EmulatorCredentials.ClipImgApiKey], all[0].Headers["x-api-key"]);
        Assert.Equal("InvalidAccessKeyId.NotFound", all[1].VendorCode);
        Assert.True(all[1].ReceivedAt >= all[0].ReceivedAt);
        Assert.Equal(2, emulator.Requests.Of(EmulatorVendor.ClipImg).Count);
    }

    [Fact]
    public async Task A_vendor_path_is_not_served_on_another_vendors_port()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator.QingyangBaseAddress);
        using var response = await http.SendAsync(Post("/scan/file", Json("{}")), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(5, new[] { emulator.ClipImgBaseAddress, emulator.QingyangBaseAddress, emulator.ProcessImageBaseAddress, emulator.AliyunIqsBaseAddress, emulator.EsignBaseAddress }.Select(u => u.Port).Distinct().Count());
    }
}
