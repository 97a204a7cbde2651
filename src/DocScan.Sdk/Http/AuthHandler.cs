using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// Runs a <see cref="RequestAuthenticator"/> on every attempt; resends once after a token rejection. A request the
/// client declared without credentials (<see cref="DocScanRequest.RequiresAuth"/>) passes untouched: no credentials,
/// no token fetch.
/// </summary>
internal sealed class AuthHandler : DelegatingHandler
{
    private readonly RequestAuthenticator _authenticator;

    public AuthHandler(RequestAuthenticator authenticator) => _authenticator = authenticator;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var info = RequestInfo.Of(request);
        if (info is { RequiresAuth: false })
        {
            return base.SendAsync(request, cancellationToken);
        }

        var authenticating = _authenticator.AuthenticateAsync(request, cancellationToken);
        if (authenticating.IsCompletedSuccessfully && !_authenticator.CachesCredentials)
        {
            // A key or a signature put on synchronously, and no token a response could reject: nothing to wait for.
            authenticating.GetAwaiter().GetResult();
            return base.SendAsync(request, cancellationToken);
        }

        return SendAuthenticatedAsync(request, info, authenticating, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAuthenticatedAsync(HttpRequestMessage request, RequestInfo? info, ValueTask authenticating, CancellationToken cancellationToken)
    {
        await authenticating.ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        bool rejected;
        try
        {
            // The call's (attempt's) token bounds any look at the body, so a stalled body cannot hang the call.
            rejected = _authenticator.CachesCredentials
                && info is not null
                && await _authenticator.RejectsCachedCredentialsAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (!rejected || info is null)
        {
            return response;
        }

        // The rejection is an answer: the request reached the vendor, whatever becomes of the resend.
        info.Settle(null);
        response.Dispose();
        using var fresh = info.Rebuild();
        await _authenticator.AuthenticateAsync(fresh, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(fresh, cancellationToken).ConfigureAwait(false);
    }
}
