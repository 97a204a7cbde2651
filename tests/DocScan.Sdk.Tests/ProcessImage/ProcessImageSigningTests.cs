using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.ProcessImage;
using static DocScan.Sdk.Tests.ProcessImage.ProcessImageTestKit;

namespace DocScan.Sdk.Tests.ProcessImage;

public class ProcessImageSigningTests
{
    private const string ExampleMd5 = "d9a23edce65abcc946e0fa5ed3ba3b92";
    private const string ExampleSign = "0a14113738b23ed53fb63040f77de23b";

    [Fact]
    public void Signature_matches_the_worked_example()
    {
        Assert.Equal(ExampleMd5, ProcessImageSigning.Md5Hex(ExampleImage));
        Assert.Equal(ExampleSign, ProcessImageSigning.Sign(AppId, ExampleMd5, 12345678, AppSecret));
    }

    [Fact]
    public void Salt_is_eight_digits_never_starting_with_zero_over_10000_draws()
    {
        var seen = new HashSet<int>();
        for (int i = 0; i < 10_000; i++)
        {
            int salt = ProcessImageSigning.NewSalt();
            string text = salt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(8, text.Length);
            Assert.NotEqual('0', text[0]);
            seen.Add(salt);
        }

        // Random, not a counter or a constant: collisions among 10,000 draws from 90 million are rare.
        Assert.True(seen.Count > 9_990, $"only {seen.Count} distinct salts");
    }

    [Fact]
    public async Task Client_sends_the_worked_example_signature_with_appId_and_salt_as_form_fields()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());
        client.NewSalt = () => 12345678;

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage, "photo.jpg"), null, TestContext.Current.CancellationToken);

        var sent = Assert.Single(kit.Requests);
        Assert.Equal(ExampleSign, sent.Header("x-access-api-sign"));
        Assert.Null(sent.Header("x-access-api-token"));
        Assert.Equal(AppId, sent.Field("appId"));
        Assert.Equal("12345678", sent.Field("salt"));
        var file = sent.Part("uploadFile");
        Assert.Equal("photo.jpg", file.FileName);
        Assert.Equal("image/jpeg", file.ContentType);
        Assert.Equal(ExampleImage, file.Body);

        // The secret never leaves the process.
        string everything = string.Join("\n", sent.Headers.Values) + Encoding.Latin1.GetString(sent.Body);
        Assert.DoesNotContain(AppSecret, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_retry_has_a_fresh_salt_and_signature_over_the_same_image_md5_and_the_image_is_read_once()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Status(52003), Status(52004), SuccessJson);
        var options = SignatureOptions();
        options.Retry.MaxRetries = 3;
        using var client = kit.Client(options);
        var salts = new Queue<int>(new[] { 11111111, 22222222, 33333333 });
        client.NewSalt = () => salts.Dequeue();
        var stream = new CountingStream(ExampleImage);

        var result = await client.RemoveWatermarkAsync(ImageInput.FromStream(stream, "a.jpg"), null, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, kit.Requests.Count);
        Assert.Equal(new[] { "11111111", "22222222", "33333333" }, kit.Requests.Select(r => r.Field("salt")));
        foreach (var r in kit.Requests)
        {
            int salt = int.Parse(r.Field("salt"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(ProcessImageSigning.Sign(AppId, ExampleMd5, salt, AppSecret), r.Header("x-access-api-sign"));
            Assert.Equal(ExampleImage, r.Part("uploadFile").Body);
        }

        Assert.Equal(3, kit.Requests.Select(r => r.Header("x-access-api-sign")).Distinct().Count());

        // Hashed while read, once per call: three attempts, one pass over the caller's stream
        // (plus the 12-byte format sniff); streaming it per attempt would read it three times.
        Assert.InRange(stream.BytesRead, ExampleImage.Length, ExampleImage.Length + 12);
    }

    [Fact]
    public async Task Real_random_salts_differ_between_attempts()
    {
        using var kit = new ProcessImageTestKit();
        kit.ReplyJson(Status(52003), SuccessJson);
        using var client = kit.Client(SignatureOptions());

        await client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken);

        Assert.Equal(2, kit.Requests.Count);
        Assert.NotEqual(kit.Requests[0].Field("salt"), kit.Requests[1].Field("salt"));
        Assert.NotEqual(kit.Requests[0].Header("x-access-api-sign"), kit.Requests[1].Header("x-access-api-sign"));
    }

    [Fact]
    public async Task Signature_mode_refuses_url_and_base64_images_before_sending()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(SignatureOptions());
        var ct = TestContext.Current.CancellationToken;

        var url = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromUrl("https://example.com/a.jpg"), null, ct));
        var base64 = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), new ProcessImageRemoveWatermarkOptions { Upload = ProcessImageUpload.Base64 }, ct));

        Assert.Equal(DocScanErrorKind.InvalidRequest, url.Kind);
        Assert.Contains("token mode", url.Message, StringComparison.Ordinal);
        Assert.Equal(DocScanErrorKind.InvalidRequest, base64.Kind);
        Assert.Empty(kit.Requests);
    }

    [Fact]
    public async Task Missing_app_secret_fails_with_authentication_before_sending()
    {
        using var kit = new ProcessImageTestKit();
        using var client = kit.Client(TestSupport.Fast(new ProcessImageClientOptions()));

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.RemoveWatermarkAsync(ImageInput.FromBytes(ExampleImage), null, TestContext.Current.CancellationToken));

        Assert.Equal(DocScanErrorKind.Authentication, e.Kind);
        Assert.Contains("DocScan:ProcessImage:AppId", e.Message, StringComparison.Ordinal);
        Assert.Empty(kit.Requests);
    }

    [Fact]
    public void Options_reject_malformed_credentials_without_echoing_the_secret()
    {
        var options = new ProcessImageClientOptions { AppId = "short", AppSecret = "not-thirty-two-characters" };

        var e = Assert.Throws<ArgumentException>(() => new ProcessImageClient(options));

        Assert.Contains("AppId must be the 16", e.Message, StringComparison.Ordinal);
        Assert.Contains("AppSecret must be the 32-character", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-thirty-two-characters", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A seekable stream that counts the bytes read from it.</summary>
    private sealed class CountingStream : MemoryStream
    {
        public CountingStream(byte[] bytes)
            : base(bytes)
        {
        }

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            int n = base.Read(buffer);
            BytesRead += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => new(Read(buffer.Span));
    }
}
