using System;
using System.Globalization;

namespace DocScan.Sdk;

/// <summary>A point in image pixels (original-image coordinates unless a vendor says otherwise).</summary>
/// <param name="X">Horizontal position, from the left edge.</param>
/// <param name="Y">Vertical position, from the top edge.</param>
public readonly record struct ImagePoint(double X, double Y)
{
    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "({0}, {1})", X, Y);
}

/// <summary>Four corners of a quadrilateral in the order vendors use: top-left, top-right, bottom-right, bottom-left.</summary>
/// <param name="TopLeft">The top-left corner.</param>
/// <param name="TopRight">The top-right corner.</param>
/// <param name="BottomRight">The bottom-right corner.</param>
/// <param name="BottomLeft">The bottom-left corner.</param>
public readonly record struct Quad(ImagePoint TopLeft, ImagePoint TopRight, ImagePoint BottomRight, ImagePoint BottomLeft)
{
    /// <summary>The axis-aligned rectangle from (<paramref name="x"/>, <paramref name="y"/>) with the given size.</summary>
    /// <param name="x">Left edge.</param>
    /// <param name="y">Top edge.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    public static Quad FromRectangle(double x, double y, double width, double height)
        => new(new(x, y), new(x + width, y), new(x + width, y + height), new(x, y + height));

    /// <summary>The corners in order: top-left, top-right, bottom-right, bottom-left.</summary>
    public ImagePoint[] ToArray() => new[] { TopLeft, TopRight, BottomRight, BottomLeft };

    /// <summary>Builds a quad from exactly four points in the order top-left, top-right, bottom-right, bottom-left.</summary>
    /// <param name="points">Four points.</param>
    /// <exception cref="ArgumentException">Not exactly four points.</exception>
    public static Quad FromPoints(ReadOnlySpan<ImagePoint> points)
        => points.Length == 4
            ? new Quad(points[0], points[1], points[2], points[3])
            : throw new ArgumentException($"A quad needs exactly 4 points; got {points.Length}.", nameof(points));
}
