using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Benchmarks;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that reads every request body to the end and answers with a fixed
/// body: the network cost of an upload without any vendor-side work.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackServer(string responseJson)
    {
        var body = Encoding.UTF8.GetBytes(responseJson);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        _response = new byte[head.Length + body.Length];
        head.CopyTo(_response, 0);
        body.CopyTo(_response, head.Length);
        _listener.Start();
        _ = AcceptLoop();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public long BytesReceived;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Serve(socket);
        }
    }

    private async Task Serve(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[256 * 1024];
        int filled = 0;
        try
        {
            while (true)
            {
                // Read the head.
                int headEnd;
                while ((headEnd = IndexOfHeadEnd(buffer, filled)) < 0)
                {
                    int r = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                    if (r == 0)
                    {
                        return;
                    }

                    filled += r;
                }

                long length = ContentLength(Encoding.ASCII.GetString(buffer, 0, headEnd));
                long have = filled - (headEnd + 4);
                long remaining = length - have;
                while (remaining > 0)
                {
                    int r = await socket.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), SocketFlags.None, _stop.Token);
                    if (r == 0)
                    {
                        return;
                    }

                    remaining -= r;
                }

                Interlocked.Add(ref BytesReceived, length);
                filled = 0; // clients here never pipeline requests
                await socket.SendAsync(_response, SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static int IndexOfHeadEnd(byte[] b, int n) => b.AsSpan(0, n).IndexOf("\r\n\r\n"u8);

    private static long ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
