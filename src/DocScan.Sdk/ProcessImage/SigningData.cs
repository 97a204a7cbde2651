using DocScan.Sdk.Http;

namespace DocScan.Sdk.ProcessImage;

/// <summary>What the signature of one attempt covers; the content factory records it in the attempt's state as it writes the form.</summary>
internal sealed record SigningData(string AppId, string ImageMd5, int Salt)
{
    public static readonly RequestStateKey<SigningData> Key = new("ProcessImage.Signing");
}
