using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DocScan.Sdk.Redis;

/// <summary>The connection both the quota and the token store use, with the outage handling they share.</summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly bool _owned;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private Task<IConnectionMultiplexer>? _connecting;
    private int _down;

    public RedisConnection(IConnectionMultiplexer multiplexer, DocScanRedisOptions options, ILogger logger)
    {
        var ready = Task.FromResult(multiplexer);
        _connect = () => ready;
        Options = options;
        _logger = logger;
    }

    public RedisConnection(string configuration, DocScanRedisOptions options, ILogger logger)
    {
        var config = ConfigurationOptions.Parse(configuration);

        // Keep reconnecting in the background, and fail commands at once while disconnected instead of queueing them:
        // a call must not wait for Redis longer than OperationTimeout.
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        int timeout = (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds);
        config.ConnectTimeout = Math.Min(config.ConnectTimeout, timeout);
        config.AsyncTimeout = Math.Min(config.AsyncTimeout, timeout);
        config.SyncTimeout = Math.Min(config.SyncTimeout, timeout);
        _connect = async () => await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        _owned = true;
        Options = options;
        _logger = logger;
    }

    public DocScanRedisOptions Options { get; }

    /// <summary><c>{prefix}:{kind}:{vendor:id}</c>; the braces keep one account's keys in one Redis Cluster slot (one script may use several).</summary>
    public string Key(string kind, DocScanAccount account) => Options.KeyPrefix + ":" + kind + ":{" + account.Vendor + ":" + account.Id + "}";

    /// <summary>Runs <paramref name="operation"/> on Redis within <see cref="DocScanRedisOptions.OperationTimeout"/>; null when Redis is unavailable.</summary>
    public async Task<(bool Ok, T Value)> TryAsync<T>(Func<IDatabase, Task<T>> operation, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var connect = Connecting();
            var first = await WithTimeout(connect, cancellationToken).ConfigureAwait(false);
            if (!first.Ok)
            {
                return Unavailable<T>(what, null);
            }

            var mux = first.Value;
            if (!mux.IsConnected)
            {
                return Unavailable<T>(what, null);
            }

            var result = await WithTimeout(operation(mux.GetDatabase()), cancellationToken).ConfigureAwait(false);
            if (!result.Ok)
            {
                return Unavailable<T>(what, null);
            }

            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                Log.Recovered(_logger);
            }

            return (true, result.Value);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            return Unavailable<T>(what, e);
        }
    }

    /// <summary>The failure a call gets when Redis is down and <see cref="RedisUnavailableBehavior.Fail"/> is chosen.</summary>
    public DocScanException UnavailableError(DocScanAccount account, string what) => new(
        DocScanErrorKind.Network,
        $"Redis, which holds the shared {what} of {account.Vendor}, cannot be reached, so nothing was sent; check the Redis connection given to UseRedis, or set DocScan:Redis:WhenUnavailable to FallBackToInProcess to go on with this process's own {what} during an outage.")
    {
        Vendor = account.Vendor,
        IsTransient = true,
    };

    /// <summary>Logs the fallback once per outage.</summary>
    public void FallingBack(DocScanAccount account, string what)
    {
        if (Volatile.Read(ref _down) == 2)
        {
            return;
        }

        Interlocked.Exchange(ref _down, 2);
        Log.FallingBack(_logger, account.Vendor, what);
    }

    public void Dispose()
    {
        if (_owned && _connecting is { IsCompleted: true } c && c.Status == TaskStatus.RanToCompletion)
        {
            c.Result.Dispose();
        }
    }

    private Task<IConnectionMultiplexer> Connecting()
    {
        lock (_lock)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = _connect();
            }

            return _connecting;
        }
    }

    private (bool, T) Unavailable<T>(string what, Exception? e)
    {
        if (Interlocked.CompareExchange(ref _down, 1, 0) == 0)
        {
            Log.Unavailable(_logger, what, e?.GetType().Name ?? "not connected");
        }

        return (false, default!);
    }

    private async Task<(bool Ok, T Value)> WithTimeout<T>(Task<T> task, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return (true, await task.ConfigureAwait(false));
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(Options.OperationTimeout, cts.Token);
        if (await Task.WhenAny(task, delay).ConfigureAwait(false) == task)
        {
            cts.Cancel();
            return (true, await task.ConfigureAwait(false));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return (false, default!);
    }
}
