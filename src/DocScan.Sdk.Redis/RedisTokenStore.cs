using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DocScan.Sdk.Redis;

/// <summary>
/// Shares each account's token through Redis: one process fetches (holding a lock that expires), the others wait
/// for it and read the stored token. A token is stored with its expiry as the key's TTL.
/// </summary>
/// <remarks>
/// Keys: <c>{prefix}:token:{vendor}:{account id}</c> (the token, its expiry and any refresh token; TTL = the token's
/// remaining life) and <c>{prefix}:token-lock:{vendor}:{account id}</c> (TTL = <see cref="DocScanRedisOptions.TokenLockTimeout"/>).
/// </remarks>
internal sealed class RedisTokenStore : DocScanTokenStore
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    /// <summary>How often a process waiting for another one's fetch looks for the stored token.</summary>
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(100);

    private readonly RedisConnection _connection;
    private readonly ILogger _logger;

    public RedisTokenStore(RedisConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
    }

    public override async Task<DocScanToken> GetOrFetchAsync(DocScanTokenRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var account = request.Account;
        RedisKey tokenKey = _connection.Key("token", account);
        RedisKey lockKey = _connection.Key("token-lock", account);
        string lockId = Guid.NewGuid().ToString("N");
        while (true)
        {
            var read = await _connection.TryAsync(db => db.StringGetAsync(tokenKey), "token", cancellationToken).ConfigureAwait(false);
            if (!read.Ok)
            {
                return await UnavailableAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var stored = Parse(read.Value);
            if (request.IsUsable(stored))
            {
                return stored!;
            }

            var locked = await _connection.TryAsync(db => db.StringSetAsync(lockKey, lockId, _connection.Options.TokenLockTimeout, When.NotExists), "token", cancellationToken).ConfigureAwait(false);
            if (!locked.Ok)
            {
                return await UnavailableAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (locked.Value)
            {
                return await FetchHoldingLockAsync(request, tokenKey, lockKey, lockId, cancellationToken).ConfigureAwait(false);
            }

            // Another process is fetching. A token that is only due for refresh (not rejected, not expired) still works meanwhile.
            var now = request.TimeProvider.GetUtcNow();
            foreach (var candidate in new[] { stored, request.ReplacingRejected ? null : request.Replacing })
            {
                if (candidate is not null && candidate.ExpiresAt > now + WaitStep && !(request.ReplacingRejected && candidate.Value == request.Replacing?.Value))
                {
                    return candidate;
                }
            }

            await Task.Delay(WaitStep, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DocScanToken> FetchHoldingLockAsync(DocScanTokenRequest request, RedisKey tokenKey, RedisKey lockKey, string lockId, CancellationToken cancellationToken)
    {
        try
        {
            // Read again: the holder before us may have stored a token just before releasing the lock.
            var again = await _connection.TryAsync(db => db.StringGetAsync(tokenKey), "token", cancellationToken).ConfigureAwait(false);
            var stored = again.Ok ? Parse(again.Value) : null;
            if (request.IsUsable(stored))
            {
                return stored!;
            }

            // A refresh starts from the freshest token known (its refresh token may be newer than ours); never from a rejected one.
            DocScanToken? previous = request.ReplacingRejected ? null : stored ?? request.Replacing;
            var token = await request.Fetch(previous, cancellationToken).ConfigureAwait(false);
            var ttl = token.ExpiresAt - request.TimeProvider.GetUtcNow();
            if (ttl > TimeSpan.Zero)
            {
                string json = Serialize(token);
                await _connection.TryAsync(db => db.StringSetAsync(tokenKey, json, ttl), "token", cancellationToken).ConfigureAwait(false);
            }

            Log.TokenFetched(_logger, request.Account.Vendor, token.ExpiresAt.ToString("O", CultureInfo.InvariantCulture));
            return token;
        }
        finally
        {
            await _connection.TryAsync(db => db.ScriptEvaluateAsync(ReleaseScript, new[] { lockKey }, new RedisValue[] { lockId }), "token", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<DocScanToken> UnavailableAsync(DocScanTokenRequest request, CancellationToken cancellationToken)
    {
        if (_connection.Options.WhenUnavailable != RedisUnavailableBehavior.FallBackToInProcess)
        {
            throw _connection.UnavailableError(request.Account, "token");
        }

        _connection.FallingBack(request.Account, "token");
        return await request.Fetch(request.ReplacingRejected ? null : request.Replacing, cancellationToken).ConfigureAwait(false);
    }

    internal static string Serialize(DocScanToken token)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("v", token.Value);
            writer.WriteNumber("e", token.ExpiresAt.ToUnixTimeMilliseconds());
            if (token.RefreshToken is { } refresh)
            {
                writer.WriteString("r", refresh);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static DocScanToken? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse((string)value!);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } token
                || !root.TryGetProperty("e", out var e) || !e.TryGetInt64(out long ms))
            {
                return null;
            }

            string? refresh = root.TryGetProperty("r", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new DocScanToken(token, DateTimeOffset.FromUnixTimeMilliseconds(ms), refresh);
        }
        catch (JsonException)
        {
            return null; // not ours (or damaged): fetched anew and overwritten
        }
    }
}
