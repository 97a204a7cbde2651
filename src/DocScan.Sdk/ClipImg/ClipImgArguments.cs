using System;
using System.Globalization;

namespace DocScan.Sdk.ClipImg;

/// <summary>Local checks of ClipImg arguments, so that nothing the vendor cannot read (or a path the caller did not mean) is sent.</summary>
internal static class ClipImgArguments
{
    /// <summary>The longest image id or file name accepted. The vendor's are short tokens; this only bounds what a caller can send.</summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// A problem with a file name that goes into the URL path (<c>/preview/{name}</c>, <c>/download/{name}</c>), or null.
    /// Only RFC 3986 unreserved characters are accepted (letters, digits, <c>-</c>, <c>.</c>, <c>_</c>, <c>~</c>), and
    /// not <c>.</c> or <c>..</c>: the name then stays exactly one path segment, with nothing to escape or normalise.
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A file name from a scan, crop or layout result is required.";
        }

        if (name!.Length > MaxIdLength)
        {
            return $"A file name is at most {MaxIdLength} characters; got {name.Length.ToString(CultureInfo.InvariantCulture)}.";
        }

        if (name is "." or "..")
        {
            return "A file name cannot be '.' or '..' (it would change the request path).";
        }

        foreach (char c in name)
        {
            if (!IsUnreserved(c))
            {
                return $"A file name may contain only letters, digits, '-', '.', '_' and '~' (it goes into the request path); found {Describe(c)}.";
            }
        }

        return null;
    }

    /// <summary>A problem with an image id sent in a JSON body, or null: 1–256 characters, not blank, no control characters.</summary>
    public static string? IdProblem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "An image id from ScanAsync is required.";
        }

        if (id!.Length > MaxIdLength)
        {
            return $"An image id is at most {MaxIdLength} characters; got {id.Length.ToString(CultureInfo.InvariantCulture)}.";
        }

        foreach (char c in id)
        {
            if (char.IsControl(c))
            {
                return $"An image id cannot contain control characters; found {Describe(c)}.";
            }
        }

        return null;
    }

    /// <summary>A problem with corners (NaN, ±∞, or an arithmetic overflow to ∞), naming <paramref name="parameter"/>, or null.</summary>
    public static string? CornersProblem(Quad corners, string parameter)
    {
        if (IsFinite(corners.TopLeft) && IsFinite(corners.TopRight) && IsFinite(corners.BottomRight) && IsFinite(corners.BottomLeft))
        {
            return null; // the common case, without the arrays the message needs
        }

        var points = corners.ToArray();
        string[] names = { nameof(Quad.TopLeft), nameof(Quad.TopRight), nameof(Quad.BottomRight), nameof(Quad.BottomLeft) };
        for (int i = 0; i < points.Length; i++)
        {
            if (!IsFinite(points[i]))
            {
                return $"{parameter}.{names[i]} is {points[i]}; corners must be finite pixel coordinates.";
            }
        }

        return null;
    }

    /// <summary>A problem with a card type (not one of the page's 1–7), naming <paramref name="parameter"/>, or null.</summary>
    public static string? CardTypeProblem(ClipImgCardType cardType, string parameter)
        => cardType is >= ClipImgCardType.IdCard and <= ClipImgCardType.Document
            ? null
            : $"{parameter} {((int)cardType).ToString(CultureInfo.InvariantCulture)} is not one of ClipImg's card types 1–7.";

    /// <summary>Whether <paramref name="value"/> is a finite number (not NaN or ±∞).</summary>
    public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static bool IsFinite(ImagePoint point) => IsFinite(point.X) && IsFinite(point.Y);

    private static bool IsUnreserved(char c)
        => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    private static string Describe(char c)
        => c is >= ' ' and < (char)0x7F ? "'" + c + "'" : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
