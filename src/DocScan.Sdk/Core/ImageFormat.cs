namespace DocScan.Sdk;

/// <summary>An image or document format, as recognised from the first bytes of the content.</summary>
public enum ImageFormat
{
    /// <summary>Not recognised, or not known yet (a URL input).</summary>
    Unknown = 0,

    /// <summary>JPEG (<c>FF D8 FF</c>).</summary>
    Jpeg,

    /// <summary>PNG (<c>89 50 4E 47 0D 0A 1A 0A</c>).</summary>
    Png,

    /// <summary>Windows bitmap (<c>BM</c>).</summary>
    Bmp,

    /// <summary>PDF (<c>%PDF-</c>).</summary>
    Pdf,

    /// <summary>WebP (<c>RIFF</c> … <c>WEBP</c>).</summary>
    WebP,
}
