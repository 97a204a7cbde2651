using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk.Tests.Http;

/// <summary>A failure of the caller's own image stream is one documented error for every vendor and auth mode, never retried.</summary>
public class CallerStreamFailureTests
{
    public enum Vendor
    {
        ClipImg,
        Qingyang,
        AliyunIqs,
        ProcessImageSignature,
        ProcessImageToken,
        EsignSignature,
        EsignOAuth2,
    }

    public enum Failure
    {
        IOException,
        DisposedMidCall,
    }

    public static TheoryData<Vendor, Failure, bool> Cases()
    {
        var data = new TheoryData<Vendor, Failure, bool>();
        foreach (Vendor v in Enum.GetValues<Vendor>())
        {
            foreach (Failure f in Enum.GetValues<Failure>())
            {
                data.Add(v, f, true);
                data.Add(v, f, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_failing_caller_stream_is_an_invalid_request_that_is_never_retried(Vendor vendor, Failure failure, bool seekable)
    {
        using var stream = new FailingStream(Image(300_000), failAt: 150_000, failure, seekable);
        int requests = 0;
        var transport = new DelegateHandler(async (request, ct) =>
        {
            if (request.RequestUri!.AbsolutePath.Contains("oauth2", StringComparison.Ordinal))
            {
                return Json(HttpStatusCode.OK, "{\"code\":0,\"message\":\"ok\",\"data\":{\"token\":\"tok\",\"expiresIn\":" + DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds() + ",\"refreshToken\":\"r\"}}");
            }

            Interlocked.Increment(ref requests);
            if (request.Content is not null)
            {
                await request.Content.ReadAsByteArrayAsync(ct);
            }

            return Json(HttpStatusCode.InternalServerError, "{}");
        });

        var e = await Assert.ThrowsAsync<DocScanException>(() => Call(vendor, transport, ImageInput.FromStream(stream, "page.jpg")));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.False(e.IsTransient);
        Assert.Contains("reading the caller's image failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("not retried", e.Message, StringComparison.Ordinal);
        Assert.True(HasInner(e, failure == Failure.IOException ? typeof(IOException) : typeof(ObjectDisposedException)), e.ToString());
        Assert.InRange(requests, 0, 1);
        Assert.Equal(requests, e.Attempts);
        Assert.NotNull(e.Vendor);
    }

    [Theory]
    [InlineData(Failure.IOException)]
    [InlineData(Failure.DisposedMidCall)]
    public async Task A_failing_caller_stream_is_recognised_through_the_real_socket_handler(Failure failure)
    {
        // A loopback server that reads whatever arrives and never answers: the body fails on the client side.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ct = TestContext.Current.CancellationToken;
        _ = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync(ct);
            var sink = new byte[65536];
            while (await socket.ReceiveAsync(sink, System.Net.Sockets.SocketFlags.None, ct) > 0)
            {
            }
        }, ct);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k", BaseAddress = new Uri($"http://127.0.0.1:{port}") });
        using var client = new ClipImgClient(options);
        using var stream = new FailingStream(Image(2_000_000), failAt: 1_000_000, failure, seekable: true);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanAsync(ImageInput.FromStream(stream), null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Equal(1, e.Attempts);
        Assert.True(HasInner(e, failure == Failure.IOException ? typeof(IOException) : typeof(ObjectDisposedException)), e.ToString());
    }

    internal static Task Call(Vendor vendor, HttpMessageHandler transport, ImageInput image)
    {
        var ct = TestContext.Current.CancellationToken;
        switch (vendor)
        {
            case Vendor.ClipImg:
                return Use(new ClipImgClient(TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k" }), transport, null, null), c => c.ScanAsync(image, null, ct));
            case Vendor.Qingyang:
                return Use(new QingyangClient(TestSupport.Fast(new QingyangClientOptions { ApiKey = "k" }), transport, null, null), c => c.RecognizeAsync(image, null, ct));
            case Vendor.AliyunIqs:
                return Use(new AliyunIqsClient(TestSupport.Fast(new AliyunIqsClientOptions { ApiKey = "k" }), transport, null, null), c => c.ScanFileAsync(image, null, ct));
            case Vendor.ProcessImageSignature:
                return Use(new ProcessImageClient(TestSupport.Fast(new ProcessImageClientOptions { AppId = "AbCdEfGh12345678", AppSecret = "0123456789abcdefABCDEF!@#$%^&*()" }), transport, null, null), c => c.RemoveWatermarkAsync(image, null, ct));
            case Vendor.ProcessImageToken:
                var token = TestSupport.Fast(new ProcessImageClientOptions { AuthMode = ProcessImageAuthMode.Token });
                token.UseTokenSource(_ => Task.FromResult("tok00000000000000000000000000001"));
                return Use(new ProcessImageClient(token, transport, null, null), c => c.RemoveWatermarkAsync(image, null, ct));
            case Vendor.EsignSignature:
                return Use(new EsignClient(TestSupport.Fast(new EsignClientOptions { AppId = "5111000001", AppSecret = "s" }), transport, null, null), c => c.RecognizeTextAsync(image, null, ct));
            default:
                return Use(new EsignClient(TestSupport.Fast(new EsignClientOptions { AppId = "5111000001", AppSecret = "s", AuthMode = EsignAuthMode.OAuth2 }), transport, null, null), c => c.RecognizeTextAsync(image, null, ct));
        }
    }

    internal static byte[] Image(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }

    private static async Task Use<TClient>(TClient client, Func<TClient, Task> call)
        where TClient : IDisposable
    {
        using (client)
        {
            await call(client);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static bool HasInner(Exception e, Type type)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (type.IsInstanceOfType(inner))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A caller's stream that throws <see cref="IOException"/>, or is disposed (as by another thread), once reading passes <c>failAt</c>.</summary>
    internal sealed class FailingStream : Stream
    {
        private readonly byte[] _data;
        private readonly int _failAt;
        private readonly Failure _failure;
        private readonly bool _seekable;
        private int _position;
        private bool _disposed;

        public FailingStream(byte[] data, int failAt, Failure failure, bool seekable)
        {
            _data = data;
            _failAt = failAt;
            _failure = failure;
            _seekable = seekable;
        }

        public int BytesRead { get; private set; }

        public override bool CanRead => !_disposed;

        public override bool CanSeek => _seekable && !_disposed;

        public override bool CanWrite => false;

        public override long Length => _seekable ? Check(_data.Length) : throw new NotSupportedException();

        public override long Position
        {
            get => _seekable ? Check(_position) : throw new NotSupportedException();
            set
            {
                if (!_seekable)
                {
                    throw new NotSupportedException();
                }

                Check(0);
                _position = (int)value;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Check(0);
            if (_position + count > _failAt)
            {
                if (_failure == Failure.IOException)
                {
                    throw new IOException("the network share went away");
                }

                _disposed = true;
                throw new ObjectDisposedException(nameof(FailingStream));
            }

            int n = Math.Min(count, _data.Length - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _disposed = true;
            base.Dispose(disposing);
        }

        private long Check(long value) => _disposed ? throw new ObjectDisposedException(nameof(FailingStream)) : value;
    }
}
