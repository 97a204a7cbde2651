using System;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;

namespace DocScan.Sdk.Tests.Core;

/// <summary>What a user's own tests do with the SDK: derive a fake client and fabricate results and errors.</summary>
public class TestDoubleTests
{
    private sealed class FakeEsign : EsignClient
    {
        public override Task<EsignRecognizeTextResult> RecognizeTextAsync(ImageInput image, EsignRecognizeTextOptions? options = null, CancellationToken cancellationToken = default)
            => Task.FromResult(DocScanModelFactory.EsignRecognizeTextResult(
                new[] { DocScanModelFactory.EsignTextLine("合同编号 42", index: 1), DocScanModelFactory.EsignTextLine("甲方") }, verifyId: "v-1", attempts: 2));
    }

    private sealed class FailingProcessImage : ProcessImageClient
    {
        public override Task<ProcessImageDetectResult> DetectAsync(ImageInput image, ProcessImageDetectOptions? options = null, CancellationToken cancellationToken = default)
            => throw DocScanModelFactory.DocScanException(DocScanErrorKind.RateLimited, "slow down", "ProcessImage", "Detect", httpStatus: 429, isTransient: true, retryAfter: TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_fake_derived_from_a_client_answers_through_its_interface_with_a_fabricated_result()
    {
        using var fake = new FakeEsign();
        IEsignClient client = fake;

        var result = await client.RecognizeTextAsync(ImageInput.FromBytes(new byte[] { 0xFF, 0xD8, 0xFF }), null, TestContext.Current.CancellationToken);

        Assert.Equal("合同编号 42\n甲方", result.FullText);
        Assert.Equal("Esign", result.Vendor);
        Assert.Equal("RecognizeText", result.Operation);
        Assert.Equal(2, result.Attempts);
        Assert.Empty(result.ResponseHeaders);
    }

    [Fact]
    public async Task A_fake_can_throw_a_fabricated_exception_and_disposing_a_fake_does_nothing()
    {
        var fake = new FailingProcessImage();
        IProcessImageClient client = fake;

        var e = await Assert.ThrowsAsync<DocScanException>(() => client.DetectAsync(ImageInput.FromBytes(new byte[] { 1 }), null, TestContext.Current.CancellationToken));
        fake.Dispose();

        Assert.Equal(DocScanErrorKind.RateLimited, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(2), e.RetryAfter);
        Assert.Equal(429, e.HttpStatus);
    }
}
