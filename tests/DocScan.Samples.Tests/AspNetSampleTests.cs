using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DocScan.Samples.Tests;

/// <summary>The ASP.NET sample's own endpoints, on Kestrel, against the embedded emulator's processimage.cn.</summary>
public class AspNetSampleTests
{
    [Fact]
    public async Task A_watermark_job_whose_callback_arrives_before_the_submission_returns_ends_done()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await DocScanEmulator.StartAsync(cancellationToken: ct);
        var holdUntilCallback = new HoldSubmissionUntilCallback(emulator);
        // Any type of the sample names its assembly, whose entry point (Program.cs) the factory runs.
        await using var sample = new WebApplicationFactory<DocScan.Samples.AspNet.WatermarkJobs>().WithWebHostBuilder(web =>
        {
            web.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0"); // not the sample's fixed port 5080
            web.UseSetting("DocScan:ProcessImage:BaseAddress", emulator.ProcessImageBaseAddress.ToString());
            web.UseSetting("DocScan:ProcessImage:AppId", EmulatorCredentials.ProcessImageAppId);
            web.UseSetting("DocScan:ProcessImage:AppSecret", EmulatorCredentials.ProcessImageAppSecret);
            web.ConfigureTestServices(services => services.AddHttpClient("DocScan.ProcessImage").AddHttpMessageHandler(() => holdUntilCallback));
        });
        sample.UseKestrel(); // real sockets: the emulator's callback must reach the sample
        sample.StartServer();
        var address = new Uri(sample.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        Assert.NotEqual(5080, address.Port); // a free port, so a sample running on this machine cannot interfere
        sample.Services.GetRequiredService<IConfiguration>()["CallbackBaseUrl"] = address.ToString(); // the emulator calls back here

        using var http = new HttpClient { BaseAddress = address };
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(await File.ReadAllBytesAsync(Repository.PathOf("samples/assets/watermarked.png"), ct));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "image", "watermarked.png");
        using var submitted = await http.PostAsync("/watermarks", form, ct);

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.True(holdUntilCallback.CallbackCameFirst, "the callback should have been delivered while the submission's answer was held");
        var ack = await submitted.Content.ReadFromJsonAsync<JsonElement>(ct);
        string id = ack.GetProperty("id").GetString()!;
        string? identifier = ack.GetProperty("imageIdentifier").GetString();
        Assert.False(string.IsNullOrEmpty(identifier));

        var job = await http.GetFromJsonAsync<JsonElement>($"/watermarks/{id}", ct);
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(identifier, job.GetProperty("imageIdentifier").GetString());
        Assert.Equal(2, job.GetProperty("regions").GetInt32());
        Assert.StartsWith(emulator.ProcessImageBaseAddress.ToString(), job.GetProperty("imageUrl").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Holds the answer to the asynchronous submission until the emulator has delivered its callback to the sample
    /// (and the sample has answered it), so the callback is handled before <c>SubmitAsync</c> returns.
    /// </summary>
    private sealed class HoldSubmissionUntilCallback(DocScanEmulator emulator) : DelegatingHandler
    {
        public bool CallbackCameFirst { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int before = emulator.ProcessImageCallbacks.Count;
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/watermark/access", StringComparison.Ordinal))
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(10));
                while (emulator.ProcessImageCallbacks.Count == before && !deadline.IsCancellationRequested)
                {
                    await Task.Delay(10, CancellationToken.None);
                }

                CallbackCameFirst = emulator.ProcessImageCallbacks.Skip(before).Any(c => c.Delivered);
            }

            return response;
        }
    }
}
