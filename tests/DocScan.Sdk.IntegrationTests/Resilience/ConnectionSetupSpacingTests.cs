using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DocScan.Sdk.IntegrationTests.Resilience;

public class ConnectionSetupSpacingTests
{
    /// <summary>
    /// Over the internet, opening a connection (TCP plus a TLS handshake to a server in China) takes 100-600 ms.
    /// The vendor counts when requests arrive, so the client's one-second spacing must hold at arrival: the
    /// time spent connecting must not come out of it. The primary handler here delays every new connection by
    /// 200 ms, as such a handshake would; the emulator keeps its default 100 ms tolerance.
    /// </summary>
    [Fact]
    public async Task Time_spent_opening_a_connection_does_not_eat_into_the_ClipImg_one_second_spacing()
    {
        await using var env = await EmulatedHost.StartAsync(clients: c => c.ClipImg.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                await Task.Delay(200, cancellationToken);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }));
        var image = TestImages.Png(320, 240, seed: 51);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            env.ClipImg.ScanAsync(ImageInput.FromBytes(image), null, EmulatedHost.Ct)));

        var arrivals = (await env.CompletedLogAsync(EmulatorVendor.ClipImg)).Select(r => r.ReceivedAt).Order().ToList();
        var gap = arrivals[1] - arrivals[0];
        Assert.True(
            gap >= TimeSpan.FromSeconds(1) - RateLimitTests.ArrivalJitter && env.Emulator.Counters.Throttled(EmulatorVendor.ClipImg) == 0,
            $"the second scan arrived {gap.TotalMilliseconds:0} ms after the first (which spent 200 ms connecting); the emulator throttled {env.Emulator.Counters.Throttled(EmulatorVendor.ClipImg)} request(s); attempts {string.Join(", ", results.Select(r => r.Attempts))}");
    }
}
