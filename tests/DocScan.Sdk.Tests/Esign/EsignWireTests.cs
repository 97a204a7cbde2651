using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;
using static DocScan.Sdk.Tests.Esign.EsignTestKit;

namespace DocScan.Sdk.Tests.Esign;

/// <summary>What really goes over a socket through the default transport, not a test double.</summary>
public class EsignWireTests
{
    [Fact]
    public async Task The_socket_carries_the_signed_headers_byte_for_byte()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeOnceAsync(listener, ct);
        var options = Options();
        options.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        using var client = new EsignClient(options);

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(Jpeg(5000)), new EsignRecognizeTextOptions { RequestId = "wire" }, ct);
        var (headers, body) = await server;

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal("application/json;charset=UTF-8", headers["Content-Type"]);
        Assert.Equal("*/*", headers["Accept"]);
        Assert.False(headers.ContainsKey("Date"));
        Assert.Equal(EsignSigner.ComputeContentMd5(body), headers["Content-MD5"]);
        var expected = new EsignSigner(Secret).Sign("POST", headers["Accept"], headers["Content-MD5"], headers["Content-Type"], string.Empty, "/v2/identity/auth/api/ocr/generalcharacters");
        Assert.Equal(expected, headers["X-Tsign-Open-Ca-Signature"]);
    }

    private static async Task<(Dictionary<string, string> Headers, byte[] Body)> ServeOnceAsync(TcpListener listener, CancellationToken ct)
    {
        using var socket = await listener.AcceptTcpClientAsync(ct);
        using var stream = socket.GetStream();
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOf(buffer.GetBuffer(), (int)buffer.Length, "\r\n\r\n"u8)) < 0)
        {
            int n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            buffer.Write(chunk, 0, n);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headerEnd).Split("\r\n");
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            headers[lines[i][..colon]] = lines[i][(colon + 1)..].Trim();
        }

        int length = int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
        int bodyStart = headerEnd + 4;
        while (buffer.Length - bodyStart < length)
        {
            int n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            buffer.Write(chunk, 0, n);
        }

        var body = buffer.GetBuffer().AsSpan(bodyStart, length).ToArray();
        var answer = Encoding.UTF8.GetBytes(DocumentedResponse);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, ct);
        await stream.WriteAsync(answer, ct);
        return (headers, body);
    }

    private static int IndexOf(byte[] data, int length, ReadOnlySpan<byte> value) => data.AsSpan(0, length).IndexOf(value);
}
