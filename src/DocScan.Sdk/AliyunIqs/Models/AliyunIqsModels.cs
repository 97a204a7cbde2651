using System;
using System.Collections.Generic;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>
/// A value of <c>autoCrop</c> or <c>autoRotate</c>. The service types these as strings: <c>"true"</c> (its
/// default), <c>"false"</c>, and <c>"force"</c>; any other string is sent as it is.
/// </summary>
/// <remarks>A <see cref="bool"/> converts implicitly: <c>AutoCrop = false</c> sends <c>"false"</c>.</remarks>
public readonly struct AliyunIqsScanSetting : IEquatable<AliyunIqsScanSetting>
{
    private readonly string? _value;

    /// <summary>A setting from its raw string, sent unchanged.</summary>
    /// <param name="value">The string the service expects.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public AliyunIqsScanSetting(string value)
    {
        _value = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A setting value is required.", nameof(value)) : value;
    }

    /// <summary><c>"true"</c>: crop or rotate when the service finds it useful (the service's default).</summary>
    public static AliyunIqsScanSetting Enabled { get; } = new("true");

    /// <summary><c>"false"</c>: leave the image as it is.</summary>
    public static AliyunIqsScanSetting Disabled { get; } = new("false");

    /// <summary><c>"force"</c>: crop or rotate always (a value the vendor's API reference lists beside true and false).</summary>
    public static AliyunIqsScanSetting Force { get; } = new("force");

    /// <summary>The string sent; <c>"true"</c> for <c>default</c>.</summary>
    public string Value => _value ?? "true";

    /// <summary><see cref="Enabled"/> for <see langword="true"/>, <see cref="Disabled"/> for <see langword="false"/>.</summary>
    /// <param name="value">Whether to crop or rotate.</param>
    /// <returns>The setting.</returns>
    public static AliyunIqsScanSetting FromBoolean(bool value) => value ? Enabled : Disabled;

    /// <summary><see cref="Enabled"/> for <see langword="true"/>, <see cref="Disabled"/> for <see langword="false"/>.</summary>
    /// <param name="value">Whether to crop or rotate.</param>
    public static implicit operator AliyunIqsScanSetting(bool value) => FromBoolean(value);

    /// <summary>Compares by <see cref="Value"/> (ordinal, ignoring case).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(AliyunIqsScanSetting left, AliyunIqsScanSetting right) => left.Equals(right);

    /// <summary>Compares by <see cref="Value"/> (ordinal, ignoring case).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(AliyunIqsScanSetting left, AliyunIqsScanSetting right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(AliyunIqsScanSetting other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AliyunIqsScanSetting other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>The value sent.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;
}

/// <summary>Optional settings of a ScanFile call (<c>scanFileInputConfig</c>). Unset values are not sent, so the service's defaults apply.</summary>
public sealed class AliyunIqsScanFileOptions
{
    /// <summary>Whether to crop the image to the document (<c>autoCrop</c>). Not sent when null; the service's default is <c>"true"</c>.</summary>
    public AliyunIqsScanSetting? AutoCrop { get; set; }

    /// <summary>Whether to rotate the image upright (<c>autoRotate</c>). Not sent when null; the service's default is <c>"true"</c>.</summary>
    public AliyunIqsScanSetting? AutoRotate { get; set; }
}

/// <summary>One processed page (an element of <c>scanFileInfoList</c>).</summary>
public sealed class AliyunIqsScannedPage
{
    /// <summary>The rotation the service applied, in degrees (<c>angle</c>).</summary>
    public int Angle { get; init; }

    /// <summary>The width of the processed image in pixels (<c>width</c>).</summary>
    public int Width { get; init; }

    /// <summary>The height of the processed image in pixels (<c>height</c>).</summary>
    public int Height { get; init; }

    /// <summary>The processed image (<c>imageBase64</c>, decoded straight from the response bytes).</summary>
    public ReadOnlyMemory<byte> Image { get; init; }

    /// <summary>The image's format, recognised from its first bytes (usually JPEG).</summary>
    public ImageFormat Format => ImageFormatSniffer.Sniff(Image.Span);
}

/// <summary>The result of ScanFile: the processed pages and the search time. <see cref="DocScanResult.RequestId"/> is the body's <c>requestId</c>.</summary>
public sealed class AliyunIqsScanFileResult : DocScanResult
{
    /// <summary>The processed pages (<c>scanFileInfoList</c>), in the service's order; usually one.</summary>
    public IReadOnlyList<AliyunIqsScannedPage> Pages { get; init; } = Array.Empty<AliyunIqsScannedPage>();

    /// <summary>How long the service took (<c>searchInformation.searchTime</c>, milliseconds), or null when not sent.</summary>
    public TimeSpan? SearchTime { get; init; }
}
