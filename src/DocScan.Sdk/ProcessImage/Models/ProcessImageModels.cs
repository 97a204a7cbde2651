using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk.ProcessImage;

/// <summary>What to remove and how: the optional parameters of a processimage.cn call (all unset by default).</summary>
/// <remarks>
/// <see cref="Rectangles"/> replaces the server's own text detection, so it cannot be combined with
/// <see cref="WatermarkNames"/>, <see cref="ExcludeKeywords"/> or <see cref="Offset"/> (the server would ignore them;
/// the client refuses the combination before sending). <see cref="WatermarkNames"/> and <see cref="ExcludeKeywords"/>
/// exclude each other.
/// </remarks>
public sealed class ProcessImageWatermarkOptions
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
}

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
/// says so (<see cref="ProcessImageResult.OffsetIgnored"/>).
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

/// <summary>The answer of processimage.cn: the processed image, the regions, and the account usage.</summary>
public sealed class ProcessImageResult : DocScanResult
{
    /// <summary>The body's <c>httpCode</c>: 200, or 304 for a cached answer.</summary>
    public int ResponseCode { get; init; }

    /// <summary>The body's <c>httpMsg</c>, verbatim.</summary>
    public string? ResponseMessage { get; init; }

    /// <summary>The <c>processStatus</c>: 0 done, 52000 accepted for asynchronous processing, 52002 no watermark found (detection only), 52005 done without the offset, 52006 detected only.</summary>
    public int ProcessStatus { get; init; }

    /// <summary>The <c>processMsg</c>, verbatim.</summary>
    public string? ProcessMessage { get; init; }

    /// <summary>Whether the answer came from the vendor's result cache (body code 304): the same request within 5 hours, not charged again.</summary>
    public bool FromCache { get; init; }

    /// <summary>Whether the server removed the watermark but ignored <see cref="ProcessImageWatermarkOptions.Offset"/>, because it pushed a region outside the image (52005; charged).</summary>
    public bool OffsetIgnored { get; init; }

    /// <summary>Whether this is only the acknowledgement of an asynchronous submission (52000): the result goes to the callback URL.</summary>
    public bool IsPending { get; init; }

    /// <summary>
    /// Whether the server found no text watermark (<c>processStatus</c> 52002, not charged). Only
    /// <see cref="IProcessImageClient.DetectAsync"/> returns such a result (with no <see cref="Regions"/>);
    /// <see cref="IProcessImageClient.RemoveWatermarkAsync"/> reports 52002 as an error, since it has no cleaned image to return.
    /// </summary>
    public bool NoWatermarkFound { get; init; }

    /// <summary>The processed image, kept by the vendor for 5 hours; null for detection and acknowledgements.</summary>
    public Uri? ImageUrl { get; init; }

    /// <summary>When the vendor deletes <see cref="ImageUrl"/> (5 hours after this answer was received); null without an image.</summary>
    public DateTimeOffset? ImageExpiresAt { get; init; }

    /// <summary>The processed (or detected) regions.</summary>
    public IReadOnlyList<WatermarkRegion> Regions { get; init; } = Array.Empty<WatermarkRegion>();

    /// <summary>How many times the image was processed (<c>processCount</c>), when the server says.</summary>
    public int? ProcessCount { get; init; }

    /// <summary>The account usage the response carries, or null when it carries none.</summary>
    public ProcessImageUsage? Usage { get; init; }

    /// <summary>The vendor's identifier of the image (<c>encryptedInfo.imageUniqueIdentification</c>); matches a callback to its submission.</summary>
    public string? ImageIdentifier { get; init; }
}

/// <summary>The outcome of <see cref="IProcessImageClient.DownloadImageAsync"/>.</summary>
public sealed class ProcessImageDownload : DocScanResult
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
