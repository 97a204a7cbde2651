using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>A credential with the time it stops being valid.</summary>
/// <param name="Value">The token; never logged.</param>
/// <param name="ExpiresAt">When the vendor stops accepting it.</param>
/// <param name="RefreshToken">A refresh token issued with it, or null.</param>
internal readonly record struct CachedToken(string Value, DateTimeOffset ExpiresAt, string? RefreshToken = null)
{
    public DocScanToken ToPublic() => new(Value, ExpiresAt, RefreshToken);

    public static CachedToken From(DocScanToken token) => new(token.Value, token.ExpiresAt, token.RefreshToken);
}

/// <summary>
/// Caches one token: refreshes it shortly before expiry, lets exactly one caller fetch while the others wait
/// for that same fetch, and never fetches per request. For vendors whose token endpoint is rate-limited or
/// whose new token invalidates the previous one.
/// </summary>
/// <remarks>
/// One cache per vendor account and clock in a process (<see cref="Shared"/>), whichever client asks; the fetch is
/// that of the caller who starts it. With a <see cref="DocScanTokenStore"/> the fetch goes through the store, which
/// shares the token with other processes.
/// </remarks>
internal sealed class TokenCache
{
    private static readonly ConditionalWeakTable<TimeProvider, Dictionary<(DocScanAccount, object), TokenCache>> SharedCaches = new();

    private static readonly object NoScope = new();

    private readonly Func<CachedToken?, CancellationToken, Task<CachedToken>>? _fetch;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshBefore;
    private readonly DocScanAccount? _account;
    private readonly DocScanTokenStore? _store;
    private readonly object _lock = new();
    private CachedToken? _current;
    private string? _rejected;
    private Task<CachedToken>? _pending;
    private int _fetchCount;

    /// <param name="fetch">Fetches a new token; gets the previous one (for a refresh-token flow) or null.</param>
    /// <param name="time">The clock.</param>
    /// <param name="refreshBefore">How long before expiry a token is replaced.</param>
    public TokenCache(Func<CachedToken?, CancellationToken, Task<CachedToken>> fetch, TimeProvider time, TimeSpan refreshBefore)
        : this(time, refreshBefore, null, null)
    {
        _fetch = fetch;
    }

    private TokenCache(TimeProvider time, TimeSpan refreshBefore, DocScanAccount? account, DocScanTokenStore? store)
    {
        _time = time;
        _refreshBefore = refreshBefore;
        _account = account;
        _store = store;
    }

    /// <summary>The process's one cache for <paramref name="account"/> on <paramref name="time"/> (and <paramref name="store"/>, if any).</summary>
    /// <remarks>
    /// The first caller's <paramref name="refreshBefore"/> applies to all. <paramref name="scope"/> separates what
    /// the account alone does not: the transport a client was given (a test double is another server) or the container.
    /// </remarks>
    public static TokenCache Shared(DocScanAccount account, TimeProvider time, TimeSpan refreshBefore, DocScanTokenStore? store, object? scope)
    {
        var caches = SharedCaches.GetValue(time, static _ => new Dictionary<(DocScanAccount, object), TokenCache>());
        var key = (account, scope ?? (object?)store ?? NoScope);
        lock (caches)
        {
            if (!caches.TryGetValue(key, out var cache))
            {
                cache = new TokenCache(time, refreshBefore, account, store);
                caches.Add(key, cache);
            }

            return cache;
        }
    }

    /// <summary>How many fetches this process started (diagnostics and tests).</summary>
    public int FetchCount => Volatile.Read(ref _fetchCount);

    /// <summary>A valid token, fetched with the delegate given at construction.</summary>
    public Task<string> GetAsync(CancellationToken cancellationToken)
        => GetAsync(_fetch ?? throw new InvalidOperationException("This cache is shared: pass the fetch."), cancellationToken);

    /// <summary>A valid token, fetching one with <paramref name="fetch"/> if there is none or it is about to expire.</summary>
    /// <remarks>The fetch itself is not cancelled by one waiting caller's token: other callers may be waiting on it.</remarks>
    public async Task<string> GetAsync(Func<CachedToken?, CancellationToken, Task<CachedToken>> fetch, CancellationToken cancellationToken)
    {
        Task<CachedToken> task;
        lock (_lock)
        {
            if (_current is { } token && _time.GetUtcNow() < token.ExpiresAt - _refreshBefore)
            {
                return token.Value;
            }

            // A fetch that completed synchronously may still be recorded as pending: never reuse a finished one.
            if (_pending is { IsCompleted: true })
            {
                _pending = null;
            }

            task = _pending ??= StartFetch(fetch, _current, _rejected);
        }

#if NETSTANDARD2_0
        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), tcs))
        {
            if (await Task.WhenAny(task, tcs.Task).ConfigureAwait(false) != task)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return (await task.ConfigureAwait(false)).Value;
#else
        return (await task.WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
#endif
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still the cached token, so the next call fetches a new one.</summary>
    public void Invalidate(string rejected)
    {
        lock (_lock)
        {
            if (_current is { } token && token.Value == rejected)
            {
                _current = null;
                _rejected = rejected;
            }
        }
    }

    private Task<CachedToken> StartFetch(Func<CachedToken?, CancellationToken, Task<CachedToken>> fetch, CachedToken? previous, string? rejected)
    {
        Interlocked.Increment(ref _fetchCount);
        return Run();

        async Task<CachedToken> Run()
        {
            try
            {
                CachedToken token;
                if (_store is null || _account is null)
                {
                    token = await fetch(previous, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    var replacing = previous?.ToPublic() ?? (rejected is null ? null : new DocScanToken(rejected, DateTimeOffset.MinValue));
                    var request = new DocScanTokenRequest(
                        _account,
                        replacing,
                        previous is null && rejected is not null,
                        _refreshBefore,
                        async (p, ct) => (await fetch(p is null ? null : CachedToken.From(p), ct).ConfigureAwait(false)).ToPublic(),
                        _time);
                    token = CachedToken.From(await _store.GetOrFetchAsync(request, CancellationToken.None).ConfigureAwait(false));
                }

                lock (_lock)
                {
                    _current = token;
                    _rejected = null;
                }

                return token;
            }
            finally
            {
                lock (_lock)
                {
                    _pending = null;
                }
            }
        }
    }
}
