using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk.ProcessImage;

/// <summary>What to remove and how: the optional parameters of <see cref="IProcessImageClient.RemoveWatermarkAsync"/> (all unset by default).</summary>
/// <remarks>
/// <see cref="Rectangles"/> replaces the server's own text detection, so it cannot be combined with
/// <see cref="WatermarkNames"/>, <see cref="ExcludeKeywords"/> or <see cref="Offset"/> (the server would ignore them;
/// the client refuses the combination before sending). <see cref="WatermarkNames"/> and <see cref="ExcludeKeywords"/>
/// exclude each other.
/// </remarks>
public sealed class ProcessImageRemoveWatermarkOptions
{
    /// <summary>Regions to clean, in image pixels (<c>rectangles</c>). When given, the server detects nothing itself.</summary>
    public IList<WatermarkRectangle> Rectangles { get; } = new List<WatermarkRectangle>();

    /// <summary>Only remove detected text matching these (<c>watermarkNames</c>).</summary>
    public IList<WatermarkText> WatermarkNames { get; } = new List<WatermarkText>();

    /// <summary>Keep detected text matching these (<c>excludeKeywords</c>).</summary>
    public IList<WatermarkText> ExcludeKeywords { get; } = new List<WatermarkText>();

    /// <summary>Grows or shrinks every detected rectangle (<c>offset</c>); at most four adjustments. Not sent when null.</summary>
    public ProcessImageOffset? Offset { get; set; }

    /// <summary>Draws the processed regions (green boxes) on the result image (<c>show</c>). Default <see langword="false"/>.</summary>
    public bool ShowRegions { get; set; }

    /// <summary>How a file, byte or stream image is sent. Default <see cref="ProcessImageUpload.File"/>. URL inputs are always sent as <c>imageUrl</c>.</summary>
    public ProcessImageUpload Upload { get; set; }

    internal WatermarkSettings Settings() => new(Rectangles, WatermarkNames, ExcludeKeywords, Offset, ShowRegions, Upload);
}

/// <summary>What to look for: the optional parameters of <see cref="IProcessImageClient.DetectAsync"/> (all unset by default).</summary>
/// <remarks><see cref="WatermarkNames"/> and <see cref="ExcludeKeywords"/> exclude each other. There are no rectangles: given regions would leave nothing to detect.</remarks>
public sealed class ProcessImageDetectOptions
{
    /// <summary>Only report detected text matching these (<c>watermarkNames</c>).</summary>
    public IList<WatermarkText> WatermarkNames { get; } = new List<WatermarkText>();

    /// <summary>Do not report detected text matching these (<c>excludeKeywords</c>).</summary>
    public IList<WatermarkText> ExcludeKeywords { get; } = new List<WatermarkText>();

    /// <summary>Grows or shrinks every detected rectangle (<c>offset</c>); at most four adjustments. Not sent when null.</summary>
    public ProcessImageOffset? Offset { get; set; }

    /// <summary>How a file, byte or stream image is sent. Default <see cref="ProcessImageUpload.File"/>. URL inputs are always sent as <c>imageUrl</c>.</summary>
    public ProcessImageUpload Upload { get; set; }

    internal WatermarkSettings Settings() => new(Array.Empty<WatermarkRectangle>(), WatermarkNames, ExcludeKeywords, Offset, false, Upload);
}

/// <summary>What to remove and how: the optional parameters of <see cref="IProcessImageClient.SubmitAsync"/> (all unset by default); the same rules as <see cref="ProcessImageRemoveWatermarkOptions"/>.</summary>
public sealed class ProcessImageSubmitOptions
{
    /// <summary>Regions to clean, in image pixels (<c>rectangles</c>). When given, the server detects nothing itself.</summary>
    public IList<WatermarkRectangle> Rectangles { get; } = new List<WatermarkRectangle>();

    /// <summary>Only remove detected text matching these (<c>watermarkNames</c>).</summary>
    public IList<WatermarkText> WatermarkNames { get; } = new List<WatermarkText>();

    /// <summary>Keep detected text matching these (<c>excludeKeywords</c>).</summary>
    public IList<WatermarkText> ExcludeKeywords { get; } = new List<WatermarkText>();

    /// <summary>Grows or shrinks every detected rectangle (<c>offset</c>); at most four adjustments. Not sent when null.</summary>
    public ProcessImageOffset? Offset { get; set; }

    /// <summary>Draws the processed regions (green boxes) on the result image (<c>show</c>). Default <see langword="false"/>.</summary>
    public bool ShowRegions { get; set; }

    /// <summary>How a file, byte or stream image is sent. Default <see cref="ProcessImageUpload.File"/>. URL inputs are always sent as <c>imageUrl</c>.</summary>
    public ProcessImageUpload Upload { get; set; }

    internal WatermarkSettings Settings() => new(Rectangles, WatermarkNames, ExcludeKeywords, Offset, ShowRegions, Upload);
}

/// <summary>The settings of one call, whichever options bag they came from.</summary>
internal sealed record WatermarkSettings(
    IList<WatermarkRectangle> Rectangles,
    IList<WatermarkText> WatermarkNames,
    IList<WatermarkText> ExcludeKeywords,
    ProcessImageOffset? Offset,
    bool ShowRegions,
    ProcessImageUpload Upload);

/// <summary>How the image travels to processimage.cn.</summary>
public enum ProcessImageUpload
{
    /// <summary>A multipart file part (the vendor's preferred way, and the only one signature mode can sign).</summary>
    File = 0,

    /// <summary>
    /// The form field <c>imageBase64</c> with a <c>data:image/&lt;type&gt;;base64,</c> prefix, streamed from the image.
    /// The vendor's page marks it unavailable and advises against it; token mode only.
    /// </summary>
    Base64 = 1,
}

/// <summary>A region of the image, in pixels: left, top, width, height.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width; positive.</param>
/// <param name="Height">Height; positive.</param>
public readonly record struct WatermarkRectangle(int X, int Y, int Width, int Height);

/// <summary>How a <see cref="WatermarkText"/> is matched against the text the server detects.</summary>
public enum WatermarkMatchRule
{
    /// <summary>The server's default, currently <see cref="Similar"/> (<c>default</c>).</summary>
    Default = 0,

    /// <summary>Matches by edit distance, from 75% similarity (<c>similar</c>).</summary>
    Similar = 1,

    /// <summary>Matches only identical text (<c>absolute</c>).</summary>
    Absolute = 2,
}

/// <summary>A text to match, and how.</summary>
/// <param name="Value">The text; not empty.</param>
/// <param name="Rule">How it is matched.</param>
public sealed record WatermarkText(string Value, WatermarkMatchRule Rule = WatermarkMatchRule.Default);

/// <summary>
/// Extra pixels added to (or taken from) every detected rectangle (<c>offset</c>): at most four of the eight
/// adjustments, each an integer. If the adjusted rectangle leaves the image, the server ignores the offset and
/// says so (<see cref="ProcessImageRemoveWatermarkResult.OffsetIgnored"/>).
/// </summary>
public sealed class ProcessImageOffset
{
    /// <summary>The wire key <c>+x</c>.</summary>
    public int? PlusX { get; set; }

    /// <summary>The wire key <c>-x</c>.</summary>
    public int? MinusX { get; set; }

    /// <summary>The wire key <c>+y</c>.</summary>
    public int? PlusY { get; set; }

    /// <summary>The wire key <c>-y</c>.</summary>
    public int? MinusY { get; set; }

    /// <summary>The wire key <c>+w</c>.</summary>
    public int? PlusWidth { get; set; }

    /// <summary>The wire key <c>-w</c>.</summary>
    public int? MinusWidth { get; set; }

    /// <summary>The wire key <c>+h</c>.</summary>
    public int? PlusHeight { get; set; }

    /// <summary>The wire key <c>-h</c>.</summary>
    public int? MinusHeight { get; set; }

    /// <summary>The adjustments that are set, as wire key and value, in a fixed order.</summary>
    internal List<KeyValuePair<string, int>> Entries()
    {
        var list = new List<KeyValuePair<string, int>>(8);
        Add(list, "+x", PlusX);
        Add(list, "-x", MinusX);
        Add(list, "+y", PlusY);
        Add(list, "-y", MinusY);
        Add(list, "+w", PlusWidth);
        Add(list, "-w", MinusWidth);
        Add(list, "+h", PlusHeight);
        Add(list, "-h", MinusHeight);
        return list;
    }

    private static void Add(List<KeyValuePair<string, int>> list, string key, int? value)
    {
        if (value is { } v)
        {
            list.Add(new KeyValuePair<string, int>(key, v));
        }
    }
}

/// <summary>One region the server processed (or, for detection, found).</summary>
/// <param name="X">Left edge, in pixels.</param>
/// <param name="Y">Top edge, in pixels.</param>
/// <param name="Width">Width, in pixels.</param>
/// <param name="Height">Height, in pixels.</param>
/// <param name="LineCount">How many text lines the server merged into this region, when it says.</param>
/// <param name="Text">The text found in the region, when any.</param>
public sealed record WatermarkRegion(int X, int Y, int Width, int Height, int? LineCount, string? Text);

/// <summary>The account usage a processimage.cn response reports. Every field may be missing (the server omits nulls).</summary>
public sealed class ProcessImageUsage
{
    /// <summary>Calls left (<c>remainingUsage</c>).</summary>
    public long? Remaining { get; init; }

    /// <summary>Calls that never expire (<c>longTermUsageCount</c>).</summary>
    public long? LongTerm { get; init; }

    /// <summary>Calls that expire at <see cref="LimitedTermExpiresAt"/> (<c>limitedTermUsageCount</c>).</summary>
    public long? LimitedTerm { get; init; }

    /// <summary>When the limited-term calls expire (<c>limitedTermExpireTimes</c>; a time without offset is read as China Standard Time, UTC+8).</summary>
    public DateTimeOffset? LimitedTermExpiresAt { get; init; }

    /// <summary>Calls used so far (<c>callSuccessful</c> from the server, <c>allUsedCount</c> on the page).</summary>
    public long? TotalUsed { get; init; }
}

/// <summary>
/// What every processimage.cn answer carries: its codes, the account usage and the vendor's identifiers.
/// <see cref="DocScanResult.AdditionalData"/> holds the fields this SDK does not model, those of the top-level object
/// under their name and those of <c>data</c> as <c>data.</c> followed by their name.
/// </summary>
public abstract class ProcessImageResponse : DocScanResult
{
    private int _responseCode;
    private string? _responseMessage;
    private string? _returnType;
    private string? _clientAddress;
    private int _processStatus;
    private string? _processMessage;
    private ProcessImageUsage? _usage;
    private string? _imageIdentifier;
    private string? _signature;

    /// <summary>The body's <c>httpCode</c>: 200, or 304 for a cached answer.</summary>
    public int ResponseCode { get => _responseCode; init => _responseCode = value; }

    /// <summary>The body's <c>httpMsg</c>, verbatim.</summary>
    public string? ResponseMessage { get => _responseMessage; init => _responseMessage = value; }

    /// <summary>The data type of the answer (<c>returnType</c>, <c>json</c> in every documented example), when sent.</summary>
    public string? ReturnType { get => _returnType; init => _returnType = value; }

    /// <summary>The IP address the vendor saw the request come from (<c>location</c>), when sent: the address to put on token mode's allow-list.</summary>
    public string? ClientAddress { get => _clientAddress; init => _clientAddress = value; }

    /// <summary>The <c>processStatus</c>: 0 done, 52000 accepted for asynchronous processing, 52002 no watermark found (detection only), 52005 done without the offset, 52006 detected only.</summary>
    public int ProcessStatus { get => _processStatus; init => _processStatus = value; }

    /// <summary>The <c>processMsg</c>, verbatim.</summary>
    public string? ProcessMessage { get => _processMessage; init => _processMessage = value; }

    /// <summary>The account usage the response carries, or null when it carries none.</summary>
    public ProcessImageUsage? Usage { get => _usage; init => _usage = value; }

    /// <summary>The vendor's identifier of the image (<c>encryptedInfo.imageUniqueIdentification</c>); matches a callback to its submission.</summary>
    public string? ImageIdentifier { get => _imageIdentifier; init => _imageIdentifier = value; }

    /// <summary>The vendor's signature of the answer (<c>encryptedInfo.sign</c>, 32 hex characters), verbatim; the vendor does not document how it is computed, so the SDK does not check it.</summary>
    public string? Signature { get => _signature; init => _signature = value; }

    internal void Fill(ProcessImageReply reply)
    {
        _responseCode = reply.Code;
        _responseMessage = reply.Envelope.HttpMsg;
        _returnType = reply.Envelope.ReturnType;
        _clientAddress = reply.Envelope.Location;
        _processStatus = reply.Status;
        _processMessage = reply.Data.ProcessMsg;
        _usage = reply.Usage;
        _imageIdentifier = reply.Envelope.EncryptedInfo?.ImageUniqueIdentification;
        _signature = reply.Envelope.EncryptedInfo?.Sign;
        if (reply.Call is { } call)
        {
            Stamp(call.Vendor, call.Operation, call.HttpStatus, call.RequestId, call.Attempts, call.Elapsed, call.ResponseHeaders);
        }
    }
}

/// <summary>The result of <see cref="IProcessImageClient.RemoveWatermarkAsync"/> (and of a parsed callback): the cleaned image.</summary>
public sealed class ProcessImageRemoveWatermarkResult : ProcessImageResponse
{
    /// <summary>Whether the answer came from the vendor's result cache (body code 304): the same request within 5 hours, not charged again.</summary>
    public bool FromCache { get; init; }

    /// <summary>Whether the server removed the watermark but ignored <see cref="ProcessImageRemoveWatermarkOptions.Offset"/>, because it pushed a region outside the image (52005; charged).</summary>
    public bool OffsetIgnored { get; init; }

    /// <summary>The processed image, kept by the vendor for 5 hours; download it with <see cref="IProcessImageClient.DownloadImageAsync"/>.</summary>
    public Uri? ImageUrl { get; init; }

    /// <summary>When the vendor deletes <see cref="ImageUrl"/> (5 hours after this answer was received); null without an image.</summary>
    public DateTimeOffset? ImageExpiresAt { get; init; }

    /// <summary>The processed regions.</summary>
    public IReadOnlyList<WatermarkRegion> Regions { get; init; } = Array.Empty<WatermarkRegion>();

    /// <summary>How many times the image was processed (<c>processCount</c>), when the server says.</summary>
    public int? ProcessCount { get; init; }
}

/// <summary>The result of <see cref="IProcessImageClient.DetectAsync"/>: the watermarks found, nothing removed.</summary>
public sealed class ProcessImageDetectResult : ProcessImageResponse
{
    /// <summary>Whether the answer came from the vendor's result cache (body code 304): the same request within 5 hours, not charged again.</summary>
    public bool FromCache { get; init; }

    /// <summary>Whether the server found no text watermark (<c>processStatus</c> 52002, not charged); <see cref="Regions"/> is then empty.</summary>
    public bool NoWatermarkFound { get; init; }

    /// <summary>The regions found.</summary>
    public IReadOnlyList<WatermarkRegion> Regions { get; init; } = Array.Empty<WatermarkRegion>();

    /// <summary>How many times the image was processed (<c>processCount</c>), when the server says.</summary>
    public int? ProcessCount { get; init; }
}

/// <summary>
/// The result of <see cref="IProcessImageClient.SubmitAsync"/>: the vendor accepted the image for asynchronous removal
/// (52000) and will POST the result to the callback URL; <see cref="ProcessImageResponse.ImageIdentifier"/> matches that callback.
/// </summary>
public sealed class ProcessImageSubmitResult : ProcessImageResponse
{
}

/// <summary>The result of <see cref="IProcessImageClient.DownloadImageAsync"/>: the image was written to the caller's stream.</summary>
public sealed class ProcessImageDownloadImageResult : DocScanResult
{
    /// <summary>The media type the vendor declared (<c>image/jpeg</c>, …), if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>How many bytes were written to the destination.</summary>
    public long BytesWritten { get; init; }
}

/// <summary>A processimage.cn access token and when it stops being valid. <see cref="ToString"/> never shows the value.</summary>
public sealed class ProcessImageToken
{
    /// <summary>A token whose lifetime is the client's <see cref="ProcessImageClientOptions.TokenLifetime"/> from when it is fetched.</summary>
    /// <param name="value">The token.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public ProcessImageToken(string value)
        : this(value, null)
    {
    }

    /// <summary>A token that expires at <paramref name="expiresAt"/>.</summary>
    /// <param name="value">The token.</param>
    /// <param name="expiresAt">When the vendor stops accepting it, or null for the client's <see cref="ProcessImageClientOptions.TokenLifetime"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public ProcessImageToken(string value, DateTimeOffset? expiresAt)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A token must not be empty.", nameof(value));
        }

        Value = value;
        ExpiresAt = expiresAt;
    }

    /// <summary>The token, sent as <c>x-access-api-token</c>. Never logged.</summary>
    public string Value { get; }

    /// <summary>When the vendor stops accepting it; null when unknown.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <inheritdoc />
    public override string ToString()
        => "ProcessImageToken(" + (ExpiresAt is { } e ? "expires " + e.ToString("O", CultureInfo.InvariantCulture) : "expiry unknown") + ")";
}
