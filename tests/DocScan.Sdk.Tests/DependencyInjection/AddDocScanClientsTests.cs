using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Tests.ClipImg;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.DependencyInjection;

public class AddDocScanClientsTests
{
    private static IHost Build(Dictionary<string, string?> settings, Action<DocScanClientsBuilder>? more = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        var clients = builder.Services.AddDocScanClients(builder.Configuration.GetSection("DocScan"));
        more?.Invoke(clients);
        return builder.Build();
    }

    [Fact]
    public async Task Bad_base_address_and_negative_limit_fail_host_start_up_listing_every_problem()
    {
        using var host = Build(new()
        {
            ["DocScan:ClipImg:BaseAddress"] = "ftp://example.com",
            ["DocScan:ClipImg:RateLimit:PermitsPerSecond"] = "-1",
            ["DocScan:Qingyang:AttemptTimeout"] = "00:05:00",
            ["DocScan:Qingyang:TotalTimeout"] = "00:01:00",
        });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(e.Failures, f => f.Contains("DocScan:ClipImg:BaseAddress", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("DocScan:ClipImg:RateLimit:PermitsPerSecond", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("DocScan:Qingyang:AttemptTimeout", StringComparison.Ordinal));
        Assert.Equal(3, e.Failures.Count());
    }

    [Fact]
    public async Task Configuration_binds_the_vendor_section_and_the_client_uses_it()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(System.Net.Http.HttpMethod.Post, "https://clip.example.test/api/pic/scan")
            .WithHeaders("X-API-Key", "from-config")
            .Respond("application/json", """{"code":0,"msg":"","data":{"points":[[0,0],[1,0],[1,1],[0,1]],"image_id":"i","filenames":{"img_name":"n","preview_img_name":"p"}}}""");
        using var host = Build(new()
        {
            ["DocScan:ClipImg:BaseAddress"] = "https://clip.example.test",
            ["DocScan:ClipImg:ApiKey"] = "from-config",
            ["DocScan:ClipImg:RateLimit:Enabled"] = "false",
        }, b => b.ClipImg.ConfigurePrimaryHttpMessageHandler(() => mock));
        await host.StartAsync(TestContext.Current.CancellationToken);

        var client = host.Services.GetRequiredService<IClipImgClient>();
        var result = await client.ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken);

        Assert.Equal("i", result.ImageId);
        mock.VerifyNoOutstandingExpectation();
        Assert.Same(client, host.Services.GetRequiredService<IClipImgClient>());
        var options = host.Services.GetRequiredService<IOptions<DocScanOptions>>().Value;
        Assert.False(options.ClipImg.RateLimit.Enabled);
        Assert.Equal(20, options.ClipImg.RateLimit.PermitsPerMinute);
    }

    [Fact]
    public void AddDocScanClients_adds_no_TimeProvider_to_the_application_container()
    {
        var services = new ServiceCollection();

        services.AddDocScanClients(o => o.ClipImg.ApiKey = "k");

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public async Task A_TimeProvider_the_application_registers_is_the_clients_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var mock = new MockHttpMessageHandler();
        mock.When(System.Net.Http.HttpMethod.Post, "https://clip.example.test/api/pic/scan")
            .Respond("application/json", """{"code":0,"msg":"","data":{"points":[[0,0],[1,0],[1,1],[0,1]],"image_id":"i","filenames":{"img_name":"n","preview_img_name":"p"}}}""");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDocScanClients(o =>
        {
            o.ClipImg.BaseAddress = new Uri("https://clip.example.test");
            o.ClipImg.ApiKey = "k";
            o.ClipImg.RateLimit.Enabled = false;
        }).ClipImg.ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IClipImgClient>().ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken);

        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), result.ExpiresAt);
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public async Task A_vendor_without_credentials_still_resolves_and_fails_its_first_call_with_authentication()
    {
        using var mock = new MockHttpMessageHandler();
        using var host = Build(new(), b => b.ClipImg.ConfigurePrimaryHttpMessageHandler(() => mock));
        await host.StartAsync(TestContext.Current.CancellationToken);

        var client = host.Services.GetRequiredService<IClipImgClient>();
        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanAsync(ClipImgTestHost.Jpeg(), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("ClipImg:ApiKey", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    [Fact]
    public async Task Every_vendor_client_resolves_as_a_singleton_with_its_own_named_http_client()
    {
        using var host = Build(new());
        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(host.Services.GetRequiredService<IClipImgClient>());
        Assert.NotNull(host.Services.GetRequiredService<DocScan.Sdk.Qingyang.IQingyangClient>());
        Assert.NotNull(host.Services.GetRequiredService<DocScan.Sdk.ProcessImage.IProcessImageClient>());
        Assert.NotNull(host.Services.GetRequiredService<DocScan.Sdk.AliyunIqs.IAliyunIqsClient>());
        Assert.NotNull(host.Services.GetRequiredService<DocScan.Sdk.Esign.IEsignClient>());
    }

    [Fact]
    public async Task A_handler_added_to_the_vendors_named_client_sees_every_call()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(System.Net.Http.HttpMethod.Post, "https://clip.example.test/api/pic/scan/auto_crop")
            .Respond("application/json", """{"code":0,"msg":"","data":{"img_name":"c"}}""");
        var seen = new CountingHandler();
        using var host = Build(new()
        {
            ["DocScan:ClipImg:BaseAddress"] = "https://clip.example.test",
            ["DocScan:ClipImg:ApiKey"] = "k",
            ["DocScan:ClipImg:RateLimit:Enabled"] = "false",
        }, b => b.ClipImg.AddHttpMessageHandler(() => seen).ConfigurePrimaryHttpMessageHandler(() => mock));
        await host.StartAsync(TestContext.Current.CancellationToken);

        var client = host.Services.GetRequiredService<IClipImgClient>();
        for (int i = 0; i < 3; i++)
        {
            await client.CropAsync("img", Quad.FromRectangle(0, 0, 10, 10), null, TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, seen.Calls);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback));
    }

    private sealed class CountingHandler : System.Net.Http.DelegatingHandler
    {
        public int Calls { get; private set; }

        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            Calls++;
            Assert.Equal("k", Assert.Single(request.Headers.GetValues("X-API-Key"))); // after the SDK's auth handler
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public void Action_overload_configures_options()
    {
        var services = new ServiceCollection();
        services.AddDocScanClients(o => o.ClipImg.ApiKey = "set-in-code");
        using var provider = services.BuildServiceProvider();
        Assert.Equal("set-in-code", provider.GetRequiredService<IOptions<DocScanOptions>>().Value.ClipImg.ApiKey);
    }
}
