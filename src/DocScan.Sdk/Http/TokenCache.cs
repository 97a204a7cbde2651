using System;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>A credential with the time it stops being valid.</summary>
/// <param name="Value">The token; never logged.</param>
/// <param name="ExpiresAt">When the vendor stops accepting it.</param>
internal readonly record struct CachedToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Caches one token: refreshes it shortly before expiry, lets exactly one caller fetch while the others wait
/// for that same fetch, and never fetches per request. For vendors whose token endpoint is rate-limited or
/// whose new token invalidates the previous one.
/// </summary>
internal sealed class TokenCache
{
    private readonly Func<CachedToken?, CancellationToken, Task<CachedToken>> _fetch;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshBefore;
    private readonly object _lock = new();
    private CachedToken? _current;
    private Task<CachedToken>? _pending;

    /// <param name="fetch">Fetches a new token; gets the previous one (for a refresh-token flow) or null.</param>
    /// <param name="time">The clock.</param>
    /// <param name="refreshBefore">How long before expiry a token is replaced.</param>
    public TokenCache(Func<CachedToken?, CancellationToken, Task<CachedToken>> fetch, TimeProvider time, TimeSpan refreshBefore)
    {
        _fetch = fetch;
        _time = time;
        _refreshBefore = refreshBefore;
    }

    /// <summary>How many fetches were started (diagnostics and tests).</summary>
    public int FetchCount { get; private set; }

    /// <summary>A valid token, fetching one if there is none or it is about to expire.</summary>
    /// <remarks>The fetch itself is not cancelled by one waiting caller's token: other callers may be waiting on it.</remarks>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
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

            task = _pending ??= StartFetch(_current);
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
            }
        }
    }

    private Task<CachedToken> StartFetch(CachedToken? previous)
    {
        FetchCount++;
        return Run();

        async Task<CachedToken> Run()
        {
            try
            {
                var token = await _fetch(previous, CancellationToken.None).ConfigureAwait(false);
                lock (_lock)
                {
                    _current = token;
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
