using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>Sends a key in one header (<c>X-API-Key: k</c>, <c>Authorization: Bearer k</c>).</summary>
internal sealed class HeaderKeyAuthenticator : RequestAuthenticator
{
    private readonly string _vendor;
    private readonly string _header;
    private readonly string? _scheme;
    private readonly Func<string?> _key;
    private readonly string _setting;

    /// <param name="vendor">The vendor, for the error message.</param>
    /// <param name="header">The header name.</param>
    /// <param name="scheme">An <c>Authorization</c> scheme such as <c>Bearer</c>, or null to send the key alone.</param>
    /// <param name="key">Reads the key (from options) on each attempt.</param>
    /// <param name="setting">The configuration key that holds it, named in the error when it is missing.</param>
    public HeaderKeyAuthenticator(string vendor, string header, string? scheme, Func<string?> key, string setting)
    {
        _vendor = vendor;
        _header = header;
        _scheme = scheme;
        _key = key;
        _setting = setting;
    }

    public override ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = _key();
        if (string.IsNullOrWhiteSpace(key))
        {
            throw MissingCredential(_vendor, _setting);
        }

        request.Headers.Remove(_header);
        request.Headers.TryAddWithoutValidation(_header, _scheme is null ? key : _scheme + " " + key);
        return default;
    }

    /// <summary>The error for a credential that is not configured: names the setting, never a value.</summary>
    public static DocScanException MissingCredential(string vendor, string setting)
        => new(DocScanErrorKind.Authentication, $"{setting} is not configured; set it in configuration or in the client options.")
        {
            Vendor = vendor,
            Failure = FailureClass.Permanent,
        };
}
