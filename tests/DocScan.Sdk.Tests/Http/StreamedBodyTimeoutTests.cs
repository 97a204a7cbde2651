using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.ProcessImage;

namespace DocScan.Sdk.Tests.Http;

/// <summary>Bodies read after the call returned (downloads) are bounded too: by ResponseReadTimeout per read, and by TotalTimeout for a copy.</summary>
public class StreamedBodyTimeoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How long a test waits before calling a read hung.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(10);

    private static HttpMessageHandler Serving(Stream body, string mediaType = "image/jpeg") => new DelegateHandler((_, _) =>
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    });

    private static ClipImgClient ClipImg(Stream body) => new(
        TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k", ResponseReadTimeout = TimeSpan.FromMilliseconds(300) }), Serving(body), null, null);

    [Fact]
    public async Task A_stalled_clipimg_download_fails_with_a_read_timeout_instead_of_hanging()
    {
        using var client = ClipImg(new StallingStream(firstBytes: 1000));
        var destination = new MemoryStream();

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadAsync("img_1_scan_crop", destination, Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal("ClipImg", e.Vendor);
        Assert.Equal("Download", e.Operation);
        Assert.Equal(200, e.HttpStatus);
        Assert.Equal(1, e.Attempts);
        Assert.Contains("DocScan:ClipImg:ResponseReadTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal(1000, destination.Length);
    }

    [Fact]
    public async Task A_stalled_clipimg_preview_fails_with_a_read_timeout_instead_of_hanging()
    {
        using var client = ClipImg(new StallingStream(firstBytes: 0));

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.GetPreviewAsync("img_1_scan_crop_preview", new MemoryStream(), Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal("GetPreview", e.Operation);
    }

    [Fact]
    public async Task A_clipimg_download_that_keeps_trickling_still_reads_to_the_end()
    {
        var bytes = new byte[5000];
        new Random(1).NextBytes(bytes);
        using var client = ClipImg(new TricklingStream(bytes, TimeSpan.FromMilliseconds(20)));
        var copy = new MemoryStream();

        var result = await client.DownloadAsync("img_1_scan_crop", copy, Ct);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(5000, result.BytesWritten);
        Assert.Equal("image/jpeg", result.ContentType);
    }

    [Fact]
    public async Task A_trickling_clipimg_download_ends_at_the_total_timeout()
    {
        var options = TestSupport.Fast(new ClipImgClientOptions
        {
            ApiKey = "k",
            AttemptTimeout = TimeSpan.FromSeconds(1),
            TotalTimeout = TimeSpan.FromSeconds(1),
            ResponseReadTimeout = TimeSpan.FromMinutes(1),
        });
        using var client = new ClipImgClient(options, Serving(new TricklingStream(new byte[1_000_000], TimeSpan.FromMilliseconds(50))), null, null);
        var started = DateTime.UtcNow;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadAsync("img_1_scan_crop", new MemoryStream(), Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Contains("DocScan:ClipImg:TotalTimeout", e.Message, StringComparison.Ordinal);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stalled_processimage_download_fails_with_a_read_timeout_instead_of_hanging()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions { AppId = "AbCdEfGh12345678", AppSecret = "0123456789abcdefABCDEF!@#$%^&*()", ResponseReadTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = new ProcessImageClient(options, Serving(new StallingStream(firstBytes: 1000)), null, null);
        var destination = new MemoryStream();

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadImageAsync(new Uri("https://www.processimage.cn/watermark/targetImages/a.jpeg"), destination, Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Equal("DownloadImage", e.Operation);
        Assert.Contains("DocScan:ProcessImage:ResponseReadTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal(1000, destination.Length);
    }

    [Fact]
    public async Task A_trickling_processimage_download_ends_at_the_total_timeout()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions
        {
            AppId = "AbCdEfGh12345678",
            AppSecret = "0123456789abcdefABCDEF!@#$%^&*()",
            AttemptTimeout = TimeSpan.FromSeconds(1),
            TotalTimeout = TimeSpan.FromSeconds(1),
            ResponseReadTimeout = TimeSpan.FromMinutes(1),
        });
        using var client = new ProcessImageClient(options, Serving(new TricklingStream(new byte[1_000_000], TimeSpan.FromMilliseconds(50))), null, null);
        var started = DateTime.UtcNow;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadImageAsync(new Uri("https://www.processimage.cn/watermark/targetImages/a.jpeg"), new MemoryStream(), Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Contains("DocScan:ProcessImage:TotalTimeout", e.Message, StringComparison.Ordinal);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stalled_processimage_download_ends_at_the_total_timeout_even_when_the_transport_ignores_cancellation()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions
        {
            AppId = "AbCdEfGh12345678",
            AppSecret = "0123456789abcdefABCDEF!@#$%^&*()",
            AttemptTimeout = TimeSpan.FromSeconds(1),
            TotalTimeout = TimeSpan.FromSeconds(1),
            ResponseReadTimeout = TimeSpan.FromMinutes(1),
        });
        using var client = new ProcessImageClient(options, Serving(new StallingStream(firstBytes: 1000)), null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadImageAsync(new Uri("https://www.processimage.cn/watermark/targetImages/a.jpeg"), new MemoryStream(), Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
        Assert.Contains("DocScan:ProcessImage:TotalTimeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_that_throws_is_reported_as_a_docscan_exception()
    {
        var options = TestSupport.Fast(new ProcessImageClientOptions { AppId = "AbCdEfGh12345678", AppSecret = "0123456789abcdefABCDEF!@#$%^&*()" });
        using var client = new ProcessImageClient(options, Serving(new MemoryStream(new byte[10_000])), null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DownloadImageAsync(new Uri("https://www.processimage.cn/watermark/targetImages/a.jpeg"), new BrokenDestination(), Ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.IsType<IOException>(e.InnerException);
    }

    [Fact]
    public async Task A_json_body_that_stalls_on_a_transport_ignoring_cancellation_ends_at_the_total_timeout()
    {
        var options = TestSupport.Fast(new ClipImgClientOptions { ApiKey = "k", AttemptTimeout = TimeSpan.FromSeconds(1), TotalTimeout = TimeSpan.FromSeconds(1) });
        using var client = new ClipImgClient(options, Serving(new StallingStream(firstBytes: 10), "application/json"), null, null);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.ScanAsync(ImageInput.FromBytes(CallerStreamFailureTests.Image(100)), null, Ct).WaitAsync(Hung, Ct));

        Assert.Equal(DocScanErrorKind.Timeout, e.Kind);
    }

    /// <summary>Serves some bytes, then never answers again (a read ends only when the stream is disposed); ignores cancellation, as some transports do.</summary>
    private sealed class StallingStream : Stream
    {
        private readonly ManualResetEventSlim _disposed = new();
        private int _left;

        public StallingStream(int firstBytes) => _left = firstBytes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left > 0)
            {
                int n = Math.Min(count, _left);
                _left -= n;
                return n;
            }

            _disposed.Wait();
            throw new ObjectDisposedException(nameof(StallingStream));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => _left > 0 ? Task.FromResult(Read(buffer, offset, count)) : Task.Run(() => Read(buffer, offset, count), CancellationToken.None);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            return new ValueTask<int>(ReadAsync(array, 0, array.Length, cancellationToken));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _disposed.Set();
            base.Dispose(disposing);
        }
    }

    /// <summary>Serves its bytes 100 at a time, one chunk per interval.</summary>
    private sealed class TricklingStream : MemoryStream
    {
        private readonly TimeSpan _interval;

        public TricklingStream(byte[] bytes, TimeSpan interval)
            : base(bytes) => _interval = interval;

        public override bool CanSeek => false;

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(_interval, cancellationToken);
            return await base.ReadAsync(buffer, offset, Math.Min(count, 100), cancellationToken);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(_interval, cancellationToken);
            return await base.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, 100)), cancellationToken);
        }
    }

    private sealed class BrokenDestination : MemoryStream
    {
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new IOException("disk full");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException("disk full");
    }
}
