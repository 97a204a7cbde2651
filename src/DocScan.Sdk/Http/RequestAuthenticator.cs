using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// Puts credentials on one attempt's request. One instance per client (it may cache tokens); the
/// <see cref="AuthHandler"/> calls it for every attempt, inside the retry, so each attempt is signed afresh.
/// </summary>
internal abstract class RequestAuthenticator
{
    /// <summary>Adds the credentials (headers, signature, token) to <paramref name="request"/>.</summary>
    /// <exception cref="DocScanException">Credentials are missing (<see cref="DocScanErrorKind.Authentication"/>).</exception>
    public abstract ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="response"/> rejects cached credentials (an expired token) that a refresh can fix.
    /// When it returns <see langword="true"/> the credentials have been invalidated and the request is sent
    /// once more, rebuilt and re-authenticated.
    /// </summary>
    public virtual ValueTask<bool> RejectsCachedCredentialsAsync(HttpResponseMessage response, CancellationToken cancellationToken) => new(false);
}

/// <summary>Runs a <see cref="RequestAuthenticator"/> on every attempt; resends once after a token rejection.</summary>
internal sealed class AuthHandler : DelegatingHandler
{
    private readonly RequestAuthenticator _authenticator;

    public AuthHandler(RequestAuthenticator authenticator) => _authenticator = authenticator;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _authenticator.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (RequestInfo.Of(request) is not { } info
            || !await _authenticator.RejectsCachedCredentialsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        response.Dispose();
        using var fresh = info.Rebuild();
        await _authenticator.AuthenticateAsync(fresh, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(fresh, cancellationToken).ConfigureAwait(false);
    }
}

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
        => new(DocScanErrorKind.Authentication, $"{setting} is not configured; set it in configuration (DocScan:{setting}) or in the client options.")
        {
            Vendor = vendor,
            Failure = FailureClass.Permanent,
        };
}
