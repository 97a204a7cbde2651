using System;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk;

/// <summary>An access token issued by a vendor, with its expiry. <see cref="ToString"/> never shows the token.</summary>
public sealed class DocScanToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="value">The token; never logged.</param>
    /// <param name="expiresAt">When the vendor stops accepting it.</param>
    /// <param name="refreshToken">A vendor refresh token issued with it (e签宝 OAuth2), or null.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public DocScanToken(string value, DateTimeOffset expiresAt, string? refreshToken = null)
    {
        Value = string.IsNullOrEmpty(value) ? throw new ArgumentException("A token value is required.", nameof(value)) : value;
        ExpiresAt = expiresAt;
        RefreshToken = refreshToken;
    }

    /// <summary>The token; never logged.</summary>
    public string Value { get; }

    /// <summary>When the vendor stops accepting it.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The refresh token issued with it, or null.</summary>
    public string? RefreshToken { get; }

    /// <summary>The expiry only: the token itself is a credential.</summary>
    /// <returns>A description without the token.</returns>
    public override string ToString() => "DocScanToken(expires " + ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ")";
}

/// <summary>One request for a vendor account's token, handed to a <see cref="DocScanTokenStore"/>.</summary>
public sealed class DocScanTokenRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="account">The account the token belongs to.</param>
    /// <param name="replacing">The token this process holds and wants replaced (about to expire, or rejected), or null.</param>
    /// <param name="replacingRejected">True when the vendor rejected <paramref name="replacing"/>: it must not be used again.</param>
    /// <param name="refreshBefore">How long before expiry a token is replaced.</param>
    /// <param name="fetch">Fetches a new token from the vendor; gets the token to refresh (with its refresh token) or null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public DocScanTokenRequest(DocScanAccount account, DocScanToken? replacing, bool replacingRejected, TimeSpan refreshBefore, Func<DocScanToken?, CancellationToken, Task<DocScanToken>> fetch, TimeProvider timeProvider)
    {
        Account = account ?? throw new ArgumentNullException(nameof(account));
        Replacing = replacing;
        ReplacingRejected = replacingRejected;
        RefreshBefore = refreshBefore;
        Fetch = fetch ?? throw new ArgumentNullException(nameof(fetch));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The account the token belongs to.</summary>
    public DocScanAccount Account { get; }

    /// <summary>The token to be replaced, or null when this process has none.</summary>
    public DocScanToken? Replacing { get; }

    /// <summary>True when the vendor rejected <see cref="Replacing"/>.</summary>
    public bool ReplacingRejected { get; }

    /// <summary>How long before expiry a token is replaced.</summary>
    public TimeSpan RefreshBefore { get; }

    /// <summary>Fetches a new token from the vendor (a call that may be limited per day: call it only when no usable token is stored).</summary>
    public Func<DocScanToken?, CancellationToken, Task<DocScanToken>> Fetch { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Whether <paramref name="token"/> can be handed out: not the one being replaced, and not due for refresh.</summary>
    /// <param name="token">A stored token, or null.</param>
    /// <returns>True when it is usable.</returns>
    public bool IsUsable(DocScanToken? token)
        => token is not null
           && (Replacing is null || Replacing.Value != token.Value)
           && TimeProvider.GetUtcNow() < token.ExpiresAt - RefreshBefore;
}

/// <summary>
/// Where the tokens of vendor accounts are shared beyond one process (processimage.cn token mode, e签宝 OAuth2).
/// Without one, each process keeps its own token cache (one per account). <c>DocScan.Sdk.Redis</c> provides one
/// that fetches once for the whole fleet.
/// </summary>
public abstract class DocScanTokenStore
{
    /// <summary>
    /// Returns a token for the account: a stored one when usable, else one fetched with <see cref="DocScanTokenRequest.Fetch"/>
    /// by one caller at a time across everyone who shares the store, then stored with its expiry.
    /// </summary>
    /// <param name="request">The account, the token being replaced, and the fetch.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A token valid for at least a moment.</returns>
    /// <exception cref="DocScanException">The fetch failed, or the store is unreachable and configured to fail.</exception>
    public abstract Task<DocScanToken> GetOrFetchAsync(DocScanTokenRequest request, CancellationToken cancellationToken);
}
