using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;

namespace DocScan.Sdk.Tests.Core;

public class ImageInputTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2 }, ImageFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, ImageFormat.Png)]
    [InlineData(new byte[] { (byte)'B', (byte)'M', 0, 0 }, ImageFormat.Bmp)]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, ImageFormat.Pdf)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, ImageFormat.WebP)]
    [InlineData(new byte[] { 1, 2, 3, 4 }, ImageFormat.Unknown)]
    public void Format_is_sniffed_from_magic_bytes(byte[] bytes, ImageFormat expected)
    {
        Assert.Equal(expected, ImageInput.FromBytes(bytes).Format);
    }

    [Fact]
    public void File_input_knows_length_and_format_without_reading_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = new byte[1_000_000];
            bytes[0] = 0x89; bytes[1] = 0x50; bytes[2] = 0x4E; bytes[3] = 0x47; bytes[4] = 0x0D; bytes[5] = 0x0A; bytes[6] = 0x1A; bytes[7] = 0x0A;
            File.WriteAllBytes(path, bytes);
            var input = ImageInput.FromFile(path);
            Assert.Equal(1_000_000, input.Length);
            Assert.Equal(ImageFormat.Png, input.Format);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Non_seekable_stream_is_buffered_once_and_can_be_read_per_attempt()
    {
        var bytes = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 9, 8, 7 };
        var input = ImageInput.FromStream(new NonSeekable(bytes));
        Assert.Null(input.Length);
        var prepared = await input.PrepareAsync(TestContext.Current.CancellationToken);
        Assert.Equal(bytes.Length, input.Length);
        Assert.Equal(ImageFormat.Jpeg, input.Format);
        for (int i = 0; i < 2; i++)
        {
            using var s = prepared.OpenRead();
            var ms = new MemoryStream();
            await s.CopyToAsync(ms, TestContext.Current.CancellationToken);
            Assert.Equal(bytes, ms.ToArray());
        }
    }

    [Fact]
    public void Url_input_rejects_non_http_schemes()
    {
        Assert.Throws<ArgumentException>(() => ImageInput.FromUrl("ftp://example.com/a.jpg"));
        Assert.True(ImageInput.FromUrl("https://example.com/a.jpg").IsUrl);
    }

    [Fact]
    public async Task A_non_seekable_stream_over_the_limit_is_refused_after_reading_one_byte_past_it()
    {
        var stream = new EndlessJpeg(64 * 1024 * 1024);
        int requests = 0;
        using var client = new EsignClient(TestSupport.Fast(new EsignClientOptions { AppId = "5111000001", AppSecret = "s" }), new DelegateHandler((_, _) =>
        {
            Interlocked.Increment(ref requests);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }), null, null);
        var input = ImageInput.FromStream(stream);

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(input, null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("larger than 1 MB", e.Message, StringComparison.Ordinal);
        Assert.Equal(EsignClientOptions.DefaultMaxImageBytes + 1, stream.BytesRead);
        Assert.Equal(0, requests);

        // The same input again: refused without reading on.
        await Assert.ThrowsAsync<DocScanException>(() => client.RecognizeTextAsync(input, null, TestContext.Current.CancellationToken));
        Assert.Equal(EsignClientOptions.DefaultMaxImageBytes + 1, stream.BytesRead);
    }

    [Fact]
    public async Task A_non_seekable_stream_exactly_at_the_limit_is_accepted()
    {
        var input = ImageInput.FromStream(new EndlessJpeg(1000));

        await input.EnsureAcceptedAsync("Test", "Op", new[] { ImageFormat.Jpeg }, 1000, null, TestContext.Current.CancellationToken);

        Assert.Equal(1000, input.Length);
    }

    /// <summary>A non-seekable JPEG-looking stream of a given length that counts what was read from it.</summary>
    private sealed class EndlessJpeg : Stream
    {
        private readonly long _length;

        public EndlessJpeg(long length) => _length = length;

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, _length - BytesRead);
            for (int i = 0; i < n; i++)
            {
                long at = BytesRead + i;
                buffer[offset + i] = at switch { 0 => 0xFF, 1 => 0xD8, 2 => 0xFF, 3 => 0xE0, _ => 0 };
            }

            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task One_non_seekable_input_prepared_by_concurrent_calls_is_read_once_and_each_call_gets_every_byte()
    {
        var bytes = new byte[64 * 1024];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        var stream = new TrickleStream(bytes);
        var input = ImageInput.FromStream(stream);

        var prepared = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => input.PrepareAsync(1024 * 1024, TestContext.Current.CancellationToken).AsTask())));

        Assert.Equal(bytes.Length, stream.BytesRead);
        foreach (var p in prepared)
        {
            Assert.Equal(bytes.Length, p.Length);
            Assert.Equal(ImageFormat.Jpeg, p.Format);
            using var s = p.OpenRead();
            var ms = new MemoryStream();
            await s.CopyToAsync(ms, TestContext.Current.CancellationToken);
            Assert.Equal(bytes, ms.ToArray());
        }

        Assert.Equal(bytes.Length, input.Length);
    }

    [Fact]
    public async Task Preparing_a_seekable_stream_for_a_call_leaves_the_input_as_it_was_made()
    {
        var input = ImageInput.FromStream(new MemoryStream(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2 }));

        var prepared = await input.PrepareAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ImageFormat.Png, prepared.Format);
        Assert.Equal(ImageFormat.Unknown, input.Format); // read per call: the stream's content may change between calls
        Assert.Equal(10, input.Length);
    }

    /// <summary>A non-seekable stream that hands out a few bytes per read, yielding in between, and counts what was read.</summary>
    private sealed class TrickleStream : Stream
    {
        private readonly byte[] _bytes;
        private int _position;
        private int _read;

        public TrickleStream(byte[] bytes) => _bytes = bytes;

        public int BytesRead => Volatile.Read(ref _read);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            int start = _position;
            int n = Math.Min(Math.Min(count, 1024), _bytes.Length - start);
            Array.Copy(_bytes, start, buffer, offset, n);
            _position = start + n;
            Interlocked.Add(ref _read, n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class NonSeekable : MemoryStream
    {
        public NonSeekable(byte[] b) : base(b) { }
        public override bool CanSeek => false;
    }
}
