using System;

namespace DocScan.Sdk;

/// <summary>
/// An absolute URL kept as the vendor's text until first read, then parsed once (null when it is not an absolute URL).
/// Two threads reading at once may both parse it; they get equal values.
/// </summary>
internal struct LazyUri
{
    private object? _value; // the text, or the parsed Uri, or null

    public LazyUri(string? text) => _value = text;

    public LazyUri(Uri? uri) => _value = uri;

    public Uri? Value
    {
        get
        {
            switch (_value)
            {
                case Uri uri:
                    return uri;
                case string text:
                    var parsed = Uri.TryCreate(text, UriKind.Absolute, out var u) ? u : null;
                    _value = parsed;
                    return parsed;
                default:
                    return null;
            }
        }
    }
}
