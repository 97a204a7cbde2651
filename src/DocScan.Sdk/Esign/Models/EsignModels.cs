using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DocScan.Sdk.Esign;

/// <summary>Optional settings of a general OCR call.</summary>
public sealed class EsignRecognizeTextOptions
{
    /// <summary>Your business id for this call (<c>requestId</c>). Not sent when null; the vendor allows it empty.</summary>
    public string? RequestId { get; set; }
}

/// <summary>A text line's box after rotation correction: the top-left pixel of its first character, its width and height (<c>itemPolygon</c>).</summary>
/// <param name="X">Left edge, in pixels from the image's left edge.</param>
/// <param name="Y">Top edge, in pixels from the image's top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct EsignTextBox(double X, double Y, double Width, double Height)
{
    /// <summary>The box as four corners (top-left, top-right, bottom-right, bottom-left).</summary>
    /// <returns>The axis-aligned quad.</returns>
    public Quad ToQuad() => Quad.FromRectangle(X, Y, Width, Height);

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "({0}, {1}) {2}×{3}", X, Y, Width, Height);
}

/// <summary>One detected line of text (<c>textDetections[]</c>).</summary>
public sealed class EsignTextLine
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoData = new Dictionary<string, JsonElement>();

    /// <summary>The line's sequence number (<c>advancedInfo</c>) as a number, or null when the vendor sent none or not a number.</summary>
    public int? Index { get; init; }

    /// <summary>The vendor's <c>advancedInfo</c> verbatim (a sequence number as text, e.g. <c>"1"</c>), or null.</summary>
    public string? AdvancedInfo { get; init; }

    /// <summary>The recognised text (<c>detectedText</c>); empty when the vendor sent none.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The box after rotation correction (<c>itemPolygon</c>, an object or a string holding its JSON), or null when the vendor sent none or something that is not a box (see <see cref="ItemPolygonText"/>).</summary>
    public EsignTextBox? Box { get; init; }

    /// <summary>The <c>itemPolygon</c> as sent when it was not a box (the vendor's table types it as a string): its text, kept so nothing is lost; null when <see cref="Box"/> was read or nothing was sent.</summary>
    public string? ItemPolygonText { get; init; }

    /// <summary>The line's corners as sent (<c>polygon</c>, usually four: top-left, top-right, bottom-right, bottom-left); empty when the vendor sent <c>null</c> ("no valid value").</summary>
    public IReadOnlyList<ImagePoint> Polygon { get; init; } = Array.Empty<ImagePoint>();

    /// <summary>The <see cref="Polygon"/> as a quad, or null when it does not have exactly four points.</summary>
    /// <returns>The four corners, or null.</returns>
    public Quad? PolygonQuad() => Polygon.Count == 4 ? Quad.FromPoints(new[] { Polygon[0], Polygon[1], Polygon[2], Polygon[3] }) : null;

    /// <summary>Fields of the line this SDK does not know, kept as sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalData { get; init; } = NoData;

    /// <inheritdoc />
    public override string ToString() => (Index is { } i ? i.ToString(CultureInfo.InvariantCulture) + ": " : string.Empty) + Text;
}

/// <summary>The result of a general OCR call (<c>data</c>). <see cref="DocScanResult.AdditionalData"/> holds the fields of <c>data</c> this SDK does not model.</summary>
public sealed class EsignRecognizeTextResult : DocScanResult
{
    /// <summary>The vendor's id of this recognition (<c>verifyId</c>); quote it to e签宝 support. Null when not sent.</summary>
    public string? VerifyId { get; init; }

    /// <summary>The image's rotation in degrees (<c>angle</c>): 0 for horizontal text, clockwise positive. Null when not sent.</summary>
    public double? Angle { get; init; }

    /// <summary>The text lines in reading order (by <see cref="EsignTextLine.Index"/> when every line has one, else as sent).</summary>
    public IReadOnlyList<EsignTextLine> Lines { get; init; } = Array.Empty<EsignTextLine>();

    /// <summary>The text of every line, in reading order, one line per line (joined with <c>\n</c>).</summary>
    public string FullText => GetFullText("\n");

    /// <summary>The text of every line, in reading order, joined with <paramref name="separator"/>.</summary>
    /// <param name="separator">What goes between lines.</param>
    /// <returns>The joined text; empty when no text was found.</returns>
    public string GetFullText(string separator)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Lines.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(Lines[i].Text);
        }

        return sb.ToString();
    }
}
