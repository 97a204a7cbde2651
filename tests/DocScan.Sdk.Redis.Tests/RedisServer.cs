using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(DocScan.Sdk.Redis.Tests.SharedRedis))]

namespace DocScan.Sdk.Redis.Tests;

/// <summary>
/// The Redis the tests share: <c>DOCSCAN_TEST_REDIS</c> (host:port, set by .ci/run), or, outside CI, a redis-server
/// started here. Never skipped: without a reachable Redis every test fails, saying how to provide one.
/// </summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private RedisProcess? _own;

    public string Address { get; private set; } = "";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("DOCSCAN_TEST_REDIS");
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                throw new InvalidOperationException("DOCSCAN_TEST_REDIS is not set: .ci/run starts redis-server and sets it; in CI the Redis tests must not run without one.");
            }

            _own = await RedisProcess.StartAsync();
            configured = _own.Address;
        }

        Address = configured!;
        try
        {
            Connection = await ConnectionMultiplexer.ConnectAsync(Address + ",abortConnect=true,connectTimeout=3000");
        }
        catch (RedisConnectionException e)
        {
            throw new InvalidOperationException($"Redis at {Address} (DOCSCAN_TEST_REDIS) cannot be reached: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        _own?.Dispose();
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "docscan-test-" + Guid.NewGuid().ToString("N").Substring(0, 10);
}

/// <summary>A redis-server of the test's own (no persistence, loopback only), which a test may kill and start again on the same port.</summary>
public sealed class RedisProcess : IDisposable
{
    private Process? _process;

    private RedisProcess(int port) => Port = port;

    public int Port { get; }

    public string Address => "127.0.0.1:" + Port;

    public static async Task<RedisProcess> StartAsync(int? port = null)
    {
        var server = new RedisProcess(port ?? FreePort());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: install it (Debian: apt-get install redis-server) or set DOCSCAN_TEST_REDIS=host:port.", e);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on port {Port} within 10 s.");
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
