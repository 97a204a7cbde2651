using System;
using DocScan.Sdk;
using DocScan.Sdk.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the DocScan clients' quotas and tokens across processes through Redis.</summary>
public static class DocScanRedisExtensions
{
    /// <summary>The default prefix of every key.</summary>
    public const string DefaultKeyPrefix = "docscan";

    /// <summary>Shares quotas and tokens on Redis under the key prefix <see cref="DefaultKeyPrefix"/>; see <see cref="UseRedis(DocScanClientsBuilder, string, string, Action{DocScanRedisOptions})"/>.</summary>
    /// <param name="builder">What <c>AddDocScanClients</c> returned.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string such as <c>redis:6379,password=…</c>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static DocScanClientsBuilder UseRedis(this DocScanClientsBuilder builder, string configuration)
        => UseRedis(builder, configuration, DefaultKeyPrefix, null);

    /// <summary>Shares quotas and tokens on Redis under <paramref name="keyPrefix"/>; see <see cref="UseRedis(DocScanClientsBuilder, string, string, Action{DocScanRedisOptions})"/>.</summary>
    /// <param name="builder">What <c>AddDocScanClients</c> returned.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string such as <c>redis:6379,password=…</c>.</param>
    /// <param name="keyPrefix">The prefix of every key; one per environment sharing a Redis.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static DocScanClientsBuilder UseRedis(this DocScanClientsBuilder builder, string configuration, string keyPrefix)
        => UseRedis(builder, configuration, keyPrefix, null);

    /// <summary>Shares quotas and tokens on the application's Redis connection under the key prefix <see cref="DefaultKeyPrefix"/>.</summary>
    /// <param name="builder">What <c>AddDocScanClients</c> returned.</param>
    /// <param name="multiplexer">The application's connection (not disposed by the SDK).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static DocScanClientsBuilder UseRedis(this DocScanClientsBuilder builder, IConnectionMultiplexer multiplexer)
        => UseRedis(builder, multiplexer, DefaultKeyPrefix, null);

    /// <summary>Shares quotas and tokens on the application's Redis connection under <paramref name="keyPrefix"/>.</summary>
    /// <param name="builder">What <c>AddDocScanClients</c> returned.</param>
    /// <param name="multiplexer">The application's connection (not disposed by the SDK).</param>
    /// <param name="keyPrefix">The prefix of every key; one per environment sharing a Redis.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static DocScanClientsBuilder UseRedis(this DocScanClientsBuilder builder, IConnectionMultiplexer multiplexer, string keyPrefix)
        => UseRedis(builder, multiplexer, keyPrefix, null);

    /// <summary>
    /// Makes every DocScan client of this container take its account's quota permits from Redis (an exact sliding
    /// window shared by every process using the same Redis and <paramref name="keyPrefix"/>) and share processimage.cn
    /// and e签宝 OAuth2 tokens there (one fetch for the fleet).
    /// </summary>
    /// <param name="builder">What <c>AddDocScanClients</c> returned.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string such as <c>redis:6379,password=…</c>. The connection is opened on first use, keeps reconnecting, and is disposed with the container.</param>
    /// <param name="keyPrefix">The prefix of every key (<c>docscan</c> in the shorter overloads); one per environment sharing a Redis.</param>
    /// <param name="configure">Changes the other settings (what happens when Redis is down, timeouts).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An argument or setting is invalid.</exception>
    public static DocScanClientsBuilder UseRedis(this DocScanClientsBuilder builder, string configuration, string keyPrefix, Action<DocScanRedisOptions>? configure)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("A Redis configuration string is required.", nameof(configuration));
        }

        var options = Options(keyPrefix, configure);
        return Register(builder, sp => new RedisConnection(configuration, options, Logger(sp)));
    }

    /// <summary>
    /// Like <see cref="UseRedis(DocScanClientsBuilder, string, string, Action{DocScanRedisOptions})"/>, on a connection the
    /// application already has (not disposed by the SDK).
    /// </summary>
    /// <param name="builder">What <c>AddDocScanClients</c> returned.</param>
    /// <param name="multiplexer">The application's connection.</param>
    /// <param name="keyPrefix">The prefix of every key (<c>docscan</c> in the shorter overloads).</param>
    /// <param name="configure">Changes the other settings.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">An argument or setting is invalid.</exception>
    /// <remarks>
    /// Calls never wait for Redis longer than <see cref="DocScanRedisOptions.OperationTimeout"/>; with this overload the
    /// connection's own backlog and timeouts apply beneath that.
    /// </remarks>
    public static DocScanClientsBuilder UseRedis(this DocScanClientsBuilder builder, IConnectionMultiplexer multiplexer, string keyPrefix, Action<DocScanRedisOptions>? configure)
    {
        if (multiplexer is null)
        {
            throw new ArgumentNullException(nameof(multiplexer));
        }

        var options = Options(keyPrefix, configure);
        return Register(builder, sp => new RedisConnection(multiplexer, options, Logger(sp)));
    }

    private static DocScanRedisOptions Options(string keyPrefix, Action<DocScanRedisOptions>? configure)
    {
        var options = new DocScanRedisOptions { KeyPrefix = keyPrefix };
        configure?.Invoke(options);
        options.Validate();
        return options;
    }

    private static ILogger Logger(IServiceProvider services)
        => (services.GetService(typeof(ILoggerFactory)) as ILoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DocScan.Sdk.Redis");

    private static DocScanClientsBuilder Register(DocScanClientsBuilder builder, Func<IServiceProvider, RedisConnection> connection)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var services = builder.Services;
        services.RemoveAll<RedisConnection>();
        services.RemoveAll<DocScanQuotaProvider>();
        services.RemoveAll<DocScanTokenStore>();
        services.AddSingleton(connection);
        services.AddSingleton<DocScanQuotaProvider>(sp => new RedisQuotaProvider(sp.GetRequiredService<RedisConnection>()));
        services.AddSingleton<DocScanTokenStore>(sp => new RedisTokenStore(sp.GetRequiredService<RedisConnection>(), Logger(sp)));
        return builder;
    }
}
