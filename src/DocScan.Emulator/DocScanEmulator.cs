using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator.AliyunIqs;
using DocScan.Emulator.ClipImg;
using DocScan.Emulator.Esign;
using DocScan.Emulator.ProcessImage;
using DocScan.Emulator.Qingyang;
using DocScan.Emulator.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DocScan.Emulator;

/// <summary>
/// A local server that speaks the five vendors' protocols over real sockets on 127.0.0.1, one port per vendor.
/// Start it with <see cref="StartAsync"/>, point each client's base address at <see cref="BaseAddressOf"/>,
/// use the credentials in <see cref="EmulatorCredentials"/>, and read <see cref="Requests"/>,
/// <see cref="Counters"/> or add <see cref="Faults"/> in tests.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await DocScanEmulator.StartAsync();
/// var options = new ClipImgClientOptions { BaseAddress = emulator.ClipImgBaseAddress, ApiKey = EmulatorCredentials.ClipImgApiKey };
/// </code>
/// </example>
public sealed class DocScanEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private int _stopped;

    private DocScanEmulator(WebApplication app, EmulatorState state)
    {
        _app = app;
        _state = state;
    }

    /// <summary>Base address of ClipImg (e.g. <c>http://127.0.0.1:PORT/</c>; paths as documented, <c>/api/pic/scan</c> …).</summary>
    public Uri ClipImgBaseAddress => _state.BaseAddress(EmulatorVendor.ClipImg);

    /// <summary>Base address of Qingyang (<c>POST /ocr</c>).</summary>
    public Uri QingyangBaseAddress => _state.BaseAddress(EmulatorVendor.Qingyang);

    /// <summary>Base address of processimage.cn (<c>POST /watermark/access</c>).</summary>
    public Uri ProcessImageBaseAddress => _state.BaseAddress(EmulatorVendor.ProcessImage);

    /// <summary>
    /// The emulator's own processimage.cn token endpoint, <c>POST {ProcessImageBaseAddress}emulator/processimage/token</c>
    /// (the vendor documents none): send <c>appId</c> and <c>appSecret</c> as form fields, JSON or query; the reply is
    /// <c>{"httpCode":200,…,"data":{"token","expiresIn","expireTime"}}</c>.
    /// </summary>
    public Uri ProcessImageTokenUrl => new(ProcessImageBaseAddress, "emulator/processimage/token");

    /// <summary>Base address of Aliyun IQS (<c>POST /scan/file</c>).</summary>
    public Uri AliyunIqsBaseAddress => _state.BaseAddress(EmulatorVendor.AliyunIqs);

    /// <summary>Base address of e签宝 (<c>POST /v2/identity/auth/api/ocr/generalcharacters</c>, <c>GET /v1/oauth2/…</c>).</summary>
    public Uri EsignBaseAddress => _state.BaseAddress(EmulatorVendor.Esign);

    /// <summary>The options the emulator runs with (credentials, quotas, lifetimes).</summary>
    public EmulatorOptions Options => _state.Options;

    /// <summary>Every vendor request in arrival order.</summary>
    public EmulatorRequestLog Requests => _state.Log;

    /// <summary>Token fetches, charged calls, throttled calls, delivered callbacks.</summary>
    public EmulatorCounters Counters => _state.Counters;

    /// <summary>Injected faults: make the next N calls of a vendor fail, hang, reset or throttle.</summary>
    public EmulatorFaults Faults => _state.Faults;

    /// <summary>processimage.cn asynchronous deliveries to callback URLs, in the order they finished.</summary>
    public IReadOnlyList<EmulatorCallback> ProcessImageCallbacks => ProcessImageApi.Callbacks();

    private ClipImgApi ClipImgApi => (ClipImgApi)_state.Vendors[EmulatorVendor.ClipImg];

    private ProcessImageApi ProcessImageApi => (ProcessImageApi)_state.Vendors[EmulatorVendor.ProcessImage];

    /// <summary>Starts the emulator on 127.0.0.1 and returns once every port accepts connections.</summary>
    /// <param name="options">Settings; defaults follow the vendors' documentation.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="System.IO.IOException">A fixed port (<see cref="EmulatorOptions.BasePort"/>) is in use.</exception>
    public static async Task<DocScanEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        options.Validate();
        var state = new EmulatorState(options);
        var listeners = new Dictionary<EmulatorVendor, ListenOptions>();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(DocScanEmulator).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
            foreach (var vendor in Enum.GetValues<EmulatorVendor>())
            {
                int port = options.BasePort == 0 ? 0 : options.BasePort + (int)vendor;
                kestrel.Listen(IPAddress.Loopback, port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listeners[vendor] = listen;
                    listen.Use(next => connection =>
                    {
                        connection.Items[Pipeline.VendorKey] = vendor;
                        return next(connection);
                    });
                });
            }
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, options.MaxRequestBodySize);
            form.MultipartBodyLengthLimit = options.MaxRequestBodySize;
        });

        var app = builder.Build();
        VendorApi[] vendors =
        [
            new ClipImgApi(state),
            new QingyangApi(state),
            new ProcessImageApi(state),
            new AliyunIqsApi(state),
            new EsignApi(state),
        ];
        foreach (var vendor in vendors)
        {
            state.Vendors[vendor.Vendor] = vendor;
        }

        var pipeline = new Pipeline(state);
        app.Use(pipeline.InvokeAsync);
        app.UseRouting();
        app.Use(pipeline.GuardAsync);
        foreach (var vendor in vendors)
        {
            vendor.Map(app);
        }

        Admin.Map(app, state);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            state.Dispose();
            throw;
        }

        foreach (var (vendor, listen) in listeners)
        {
            state.SetBaseAddress(vendor, new Uri($"http://127.0.0.1:{listen.IPEndPoint!.Port}/"));
        }

        return new DocScanEmulator(app, state);
    }

    /// <summary>Base address of a vendor.</summary>
    /// <param name="vendor">The vendor.</param>
    public Uri BaseAddressOf(EmulatorVendor vendor) => _state.BaseAddress(vendor);

    /// <summary>ClipImg points left for a key (a first download costs <see cref="ClipImgEmulatorOptions.DownloadCost"/>).</summary>
    /// <param name="apiKey">The key; default <see cref="EmulatorCredentials.ClipImgApiKey"/>.</param>
    public int GetClipImgPoints(string apiKey = EmulatorCredentials.ClipImgApiKey) => ClipImgApi.Points(apiKey);

    /// <summary>Sets the ClipImg points of a key (0 makes every new download answer code 402). The key becomes valid if it was not.</summary>
    /// <param name="points">The new balance.</param>
    /// <param name="apiKey">The key; default <see cref="EmulatorCredentials.ClipImgApiKey"/>.</param>
    public void SetClipImgPoints(int points, string apiKey = EmulatorCredentials.ClipImgApiKey) => ClipImgApi.SetPoints(apiKey, points);

    /// <summary>processimage.cn uses left (<c>remainingUsage</c>) for the configured app.</summary>
    public int GetProcessImageRemainingUsage() => ProcessImageApi.RemainingUsage;

    /// <summary>Sets the processimage.cn uses left (0 makes the next call answer <c>httpCode</c> 403).</summary>
    /// <param name="remaining">Uses left.</param>
    public void SetProcessImageRemainingUsage(int remaining) => ProcessImageApi.RemainingUsage = remaining;

    /// <summary>Stops listening, ends hanging requests and waits briefly for callbacks in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _state.Stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _state.DrainBackgroundAsync();
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
