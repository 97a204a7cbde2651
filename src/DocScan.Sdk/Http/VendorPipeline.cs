using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace DocScan.Sdk.Http;

/// <summary>
/// One vendor's request pipeline, built once per client: total timeout → retry → rate limit → attempt
/// timeout, around "build a fresh request and send it" through the vendor's handler chain.
/// </summary>
/// <remarks>
/// The first attempt runs outside Polly, bounded by one timer (the attempt timeout, or what is left of the total
/// timeout if that is shorter). Only a failed first attempt enters the Polly pipeline, which is handed that failure as
/// its own first attempt's outcome, so retries, backoff and Retry-After work as if Polly had run the whole call.
/// A call that succeeds at once, nearly every call, so pays for one timer instead of four nested strategies.
/// </remarks>
internal sealed class VendorPipeline : IDisposable
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("DocScan.Call");

    /// <summary>The least time another attempt is assumed to need after a Retry-After wait (unless AttemptTimeout is shorter).</summary>
    internal static readonly TimeSpan MinimumAttempt = TimeSpan.FromSeconds(1);

    private readonly string _vendor;
    private readonly string _baseAddress;
    private readonly DocScanClientOptions _options;
    private readonly Func<HttpMessageInvoker> _client;
    private readonly IReadOnlyList<string> _requestIdHeaders;
    private readonly ILogger _logger;
    // Typed on the results' base class: a pipeline of object would convert every outcome on the way in and out.
    // Null when retries are off: then the first attempt is the whole call.
    private readonly ResiliencePipeline<DocScanResult>? _retryPipeline;
    private readonly RateLimiter? _limiter;
    private readonly DocScanQuota? _quota;
    private readonly TimeoutSources _timeouts;
    private readonly List<IDisposable> _owned = new();
    private readonly ConcurrentDictionary<string, string> _activityNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);
    private int _cachedUris;

    /// <summary>The most request addresses kept parsed (see <see cref="UriOf"/>).</summary>
    private const int MaxCachedUris = 64;

    private VendorPipeline(string vendor, DocScanClientOptions options, Func<HttpMessageInvoker> client, IReadOnlyList<string> requestIdHeaders, ILoggerFactory loggerFactory, TimeProvider time, DocScanAccount account, DocScanQuotaProvider quotas, object? scope)
    {
        _vendor = vendor;
        _options = options;
        _baseAddress = options.EffectiveBaseAddress!.ToString().TrimEnd('/');
        _client = client;
        _requestIdHeaders = requestIdHeaders;
        _logger = loggerFactory.CreateLogger("DocScan.Sdk." + vendor);
        Time = time;
        RateLimiter? limiter = options.RateLimit.CustomLimiter();
        if (limiter is null && options.RateLimit.Enabled)
        {
            // The quota belongs to the account: every client of it (in this process, or everywhere with a shared store) takes its permits from one quota.
            var windows = new List<DocScanQuotaWindow>();
            if (options.RateLimit.PermitsPerSecond is { } perSecond)
            {
                windows.Add(new DocScanQuotaWindow(perSecond, TimeSpan.FromSeconds(1) + options.RateLimit.SafetyMargin));
            }

            if (options.RateLimit.PermitsPerMinute is { } perMinute)
            {
                windows.Add(new DocScanQuotaWindow(perMinute, TimeSpan.FromMinutes(1) + options.RateLimit.SafetyMargin));
            }

            if (windows.Count > 0)
            {
                _quota = quotas.GetQuota(new DocScanQuotaSpec(account, windows, options.RateLimit.QueueLimit, time) { Scope = scope });
            }
        }

        _limiter = _quota is null ? limiter : null;
        _timeouts = new TimeoutSources(time);
        _retryPipeline = options.Retry.MaxRetries > 0 ? BuildRetryPipeline() : null;
    }

    /// <summary>Whether attempts wait for the account's quota or a plugged-in rate limiter.</summary>
    private bool RateLimited => _quota is not null || _limiter is not null;

    /// <summary>The clock the pipeline runs on (expiry times of results use it too).</summary>
    public TimeProvider Time { get; }

    public string Vendor => _vendor;

    /// <summary>A pipeline for a client built without a container: it owns its invoker and token client (and the transport, if it made it).</summary>
    public static VendorPipeline Create<TOptions>(VendorDefinition<TOptions> definition, TOptions options, HttpMessageHandler? transport, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        where TOptions : DocScanClientOptions
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.ThrowIfInvalid(definition.Name);
        bool ownsTransport = transport is null;
        transport ??= CreateDefaultTransport();

        // A client given its own transport (a proxy, a test double) shares its account's quota and tokens with clients on that transport.
        object? scope = ownsTransport ? null : transport;
        Lazy<HttpClient>? tokenClient = null;
        var chain = new VendorChain<TOptions>(definition, options, loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System, () => tokenClient!.Value, scope, DocScanQuotaProvider.InProcess, tokenStore: null);

        // Handlers own nothing but their inner handler; the clients below are built not to dispose the
        // transport, which is disposed here only when it was made here.
        tokenClient = new Lazy<HttpClient>(() =>
        {
            var token = new HttpClient(chain.Assemble(VendorChain<TOptions>.TokenHandlers, transport), disposeHandler: false);
            chain.ConfigureTokenClient(token);
            return token;
        });
        var client = new HttpMessageInvoker(chain.Assemble(VendorChain<TOptions>.ApiHandlers, transport), disposeHandler: false);
        var pipeline = chain.CreatePipeline(() => client);
        pipeline._owned.Add(client);
        pipeline._owned.Add(new DisposeAction(() =>
        {
            if (tokenClient.IsValueCreated)
            {
                tokenClient.Value.Dispose();
            }
        }));
        if (ownsTransport)
        {
            pipeline._owned.Add(transport);
        }

        return pipeline;
    }

    /// <summary>The pipeline of <paramref name="chain"/> around <paramref name="client"/> (an invoker of a handler chain built from <see cref="VendorChain{TOptions}.ApiHandlers"/>).</summary>
    public static VendorPipeline Create<TOptions>(VendorChain<TOptions> chain, Func<HttpMessageInvoker> client)
        where TOptions : DocScanClientOptions
        => new(chain.Definition.Name, chain.Options, client, chain.Definition.RequestIdHeaders, chain.LoggerFactory, chain.Time, chain.Account, chain.Quotas, chain.Scope);

    internal static HttpMessageHandler CreateDefaultTransport()
    {
#if NETSTANDARD2_0
        return new HttpClientHandler();
#else
        // Recycle pooled connections so DNS changes are seen by long-lived clients.
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
#endif
    }

    /// <summary>Runs one call: every attempt builds a fresh request; <paramref name="read"/> maps a response to a result or throws.</summary>
    /// <exception cref="DocScanException">The call failed; the exception says why and whether it is transient.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T> SendAsync<T>(DocScanRequest request, Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
        where T : DocScanResult
    {
        cancellationToken.ThrowIfCancellationRequested();
        long start = Time.GetTimestamp();
        var state = new CallState<T>(this, request, read, start);
        using var activity = DocScanTelemetry.Source.HasListeners() ? StartActivity(request.Operation) : null;
        try
        {
            var outcome = await FirstAttemptAsync(state, cancellationToken).ConfigureAwait(false);
            if (outcome.Exception is not null && _retryPipeline is not null && !cancellationToken.IsCancellationRequested && Time.GetTimestamp() < state.Deadline)
            {
                outcome = await RetryAsync(_retryPipeline, state, outcome, cancellationToken).ConfigureAwait(false);
            }

            outcome.ThrowIfException();
            var result = (T)outcome.Result!;
            var elapsed = Time.GetElapsedTime(start);
            result.Stamp(_vendor, request.Operation, state.LastStatus ?? 0, state.RequestId, state.Attempts, elapsed, state.Headers);
            Log.Succeeded(_logger, _vendor, request.Operation, state.LastStatus ?? 0, state.Attempts, elapsed.TotalMilliseconds, state.RequestId ?? "-");
            activity?.SetTag("docscan.attempts", DocScanTelemetry.Box(state.Attempts));
            activity?.SetTag("docscan.outcome", "success");
            return result;
        }
        catch (DocScanException e)
        {
            throw Fail(Explain(e, state, totalTimeout: false), state, start, activity);
        }
        catch (TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            bool total = Time.GetTimestamp() >= state.Deadline;
            throw Fail(Explain(TimedOut(state, total, e), state, totalTimeout: total), state, start, activity);
        }
        catch (RateLimiterRejectedException e)
        {
            var limited = new DocScanException(
                DocScanErrorKind.RateLimited,
                $"the client-side rate-limit queue is full ({_options.RateLimit.QueueLimit} calls waiting); slow down or raise {Setting("RateLimit:QueueLimit")}.",
                e)
            { IsTransient = true, RetryAfter = e.RetryAfter, Failure = FailureClass.Permanent };
            throw Fail(limited, state, start, activity);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // A transport failure that raced the attempt timeout arrives here unwrapped: the attempt's own filters saw
            // its token cancelled and let it through, and Polly turns only cancellations into timeouts.
            bool total = Time.GetTimestamp() >= state.Deadline;
            var error = e is OperationCanceledException || total
                ? TimedOut(state, total, e)
                : HttpErrors.FromNetwork(e, responseStarted: state.LastStatus is not null, requestSent: state.CurrentAttemptSent);
            throw Fail(Explain(error, state, totalTimeout: total), state, start, activity);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetTag("docscan.attempts", DocScanTelemetry.Box(state.Attempts));
            activity?.SetTag("docscan.outcome", "cancelled");
            throw;
        }
    }

    /// <summary>
    /// The first attempt, as the pipeline's strategies would run it: a rate-limit wait bounded by the total timeout,
    /// then one attempt bounded by the attempt timeout or by what is left of the total, whichever is shorter. The
    /// failures come back as the strategies would report them (<see cref="TimeoutRejectedException"/>,
    /// <see cref="RateLimiterRejectedException"/>), so the caller and the retry pipeline cannot tell the difference.
    /// </summary>
    private ValueTask<Outcome<DocScanResult>> FirstAttemptAsync(CallState state, CancellationToken cancellationToken)
    {
        if (!RateLimited)
        {
            return Admit(state, null, cancellationToken);
        }

        var wait = _timeouts.Start(_options.TotalTimeout, cancellationToken);
        var leasing = LeaseAsync(state, wait.Token);
        if (!leasing.IsCompletedSuccessfully)
        {
            return WaitThenAttemptAsync(state, leasing, wait, cancellationToken);
        }

        wait.Dispose();
        return Admit(state, leasing.Result, cancellationToken);
    }

    private async ValueTask<Outcome<DocScanResult>> WaitThenAttemptAsync(CallState state, ValueTask<RateLimitLease> leasing, TimeoutSources.Scope wait, CancellationToken cancellationToken)
    {
        RateLimitLease lease;
        try
        {
            lease = await leasing.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Failed(e, wait, "The rate-limit wait outlasted the total timeout.");
        }
        finally
        {
            wait.Dispose();
        }

        return await Admit(state, lease, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the first attempt with <paramref name="lease"/> (or without a rate limit) under its own timeout.</summary>
    private ValueTask<Outcome<DocScanResult>> Admit(CallState state, RateLimitLease? lease, CancellationToken cancellationToken)
    {
        if (lease is { IsAcquired: false })
        {
            var rejected = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? new RateLimiterRejectedException(after) : new RateLimiterRejectedException();
            lease.Dispose();
            return new ValueTask<Outcome<DocScanResult>>(Outcome.FromException<DocScanResult>(rejected));
        }

        var left = Left(state);
        var timer = _timeouts.Start(left < _options.AttemptTimeout ? left : _options.AttemptTimeout, cancellationToken);
        return AttemptAsync(state, timer.Token, timer, lease);
    }

    /// <summary>
    /// A failure as an outcome, reported as Polly's timeout strategy reports its own expiry: a cancellation caused by
    /// <paramref name="timeout"/> (not by the caller) becomes a <see cref="TimeoutRejectedException"/>. A default
    /// <paramref name="timeout"/> (the retry pipeline's attempts, bounded by Polly itself) never expires.
    /// </summary>
    private static Outcome<DocScanResult> Failed(Exception e, TimeoutSources.Scope timeout, string expired)
        => Outcome.FromException<DocScanResult>(e is OperationCanceledException && timeout.Expired ? new TimeoutRejectedException(expired, timeout.Delay, e) : e);

    /// <summary>Hands a failed first attempt to the retry pipeline, which takes it as its own first attempt's outcome and carries on from there.</summary>
    private static async ValueTask<Outcome<DocScanResult>> RetryAsync(ResiliencePipeline<DocScanResult> pipeline, CallState state, Outcome<DocScanResult> first, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        state.Replay = first;
        try
        {
            return await pipeline.ExecuteOutcomeAsync(static (ctx, s) => s.TakeReplay() is { } replayed ? new ValueTask<Outcome<DocScanResult>>(replayed) : s.Pipeline.AttemptAsync(s, ctx.CancellationToken), context, state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Wraps a response body that outlives the call (returned to the caller, or copied after the call) so that every
    /// read must receive data within ResponseReadTimeout; its read failures are stamped with the call's context.
    /// Call it from the read delegate, while the response is at hand.
    /// </summary>
    public Stream TimeReads(Stream body, string operation, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        string? requestId = LoggingHandler.FindRequestId(response, _requestIdHeaders);
        var info = response.RequestMessage is { } sent ? RequestInfo.Of(sent) : null;
        return new ResponseReadStream(body, _options.ResponseReadTimeout, Time, e => e.Stamp(_vendor, operation, status, requestId, info?.AttemptsSoFar ?? 0), Setting("ResponseReadTimeout"));
    }

    /// <summary>
    /// Copies a streamed body (from <see cref="TimeReads"/>) to the caller's destination after the pipeline returned,
    /// still within the call's TotalTimeout counted from <paramref name="start"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="DocScanException">The copy ran out of time, the connection failed, or the destination refused the bytes.</exception>
    public async Task<long> CopyBodyAsync(Stream body, Stream destination, long start, DocScanResult call, CancellationToken cancellationToken)
    {
        var left = _options.TotalTimeout - Time.GetElapsedTime(start);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = Time.CreateTimer(_ => Expire(deadline, body), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        long written = 0;
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                int read = await body.ReadAsync(buffer, 0, buffer.Length, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return written;
                }

                try
                {
                    await destination.WriteAsync(buffer, 0, read, deadline.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var refused = new DocScanException(DocScanErrorKind.InvalidRequest, $"writing the download to the destination stream failed ({e.GetType().Name}: {e.Message}); {written} bytes were written.", e) { Failure = FailureClass.Permanent };
                    refused.Stamp(_vendor, call.Operation, call.HttpStatus, call.RequestId, call.Attempts);
                    throw refused;
                }

                written += read;
            }
        }
        catch (Exception e) when (e is not DocScanException && !cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            var timeout = new DocScanException(DocScanErrorKind.Timeout, $"the download did not finish within TotalTimeout ({Seconds(_options.TotalTimeout)} s, {Setting("TotalTimeout")}); {written} bytes were written.", e)
            {
                IsTransient = true,
                Failure = FailureClass.Ambiguous,
            };
            timeout.Stamp(_vendor, call.Operation, call.HttpStatus, call.RequestId, call.Attempts);
            throw timeout;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Ends a copy at its deadline: cancels it, and closes the body for a transport that ignores the token.</summary>
    private static void Expire(CancellationTokenSource deadline, Stream body)
    {
        try
        {
            deadline.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return; // the copy finished as the deadline passed
        }

        body.Dispose();
    }

    public void Dispose()
    {
        _quota?.Dispose();
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }

    /// <summary>The call's activity; its name is made once per operation, not once per call.</summary>
    private Activity? StartActivity(string operation)
    {
        if (!_activityNames.TryGetValue(operation, out var name))
        {
            name = _activityNames.GetOrAdd(operation, _vendor + "." + operation);
        }

        var activity = DocScanTelemetry.Source.StartActivity(name, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("docscan.vendor", _vendor);
            activity.SetTag("docscan.operation", operation);
        }

        return activity;
    }

    /// <summary>
    /// The absolute address of <paramref name="path"/>. Operations use a few fixed paths, so their <see cref="Uri"/>s
    /// are parsed once; paths that carry an id (downloads) stop being cached once the cache holds <see cref="MaxCachedUris"/>.
    /// </summary>
    private Uri UriOf(string path)
    {
        if (_uris.TryGetValue(path, out var uri))
        {
            return uri;
        }

        uri = new Uri(_baseAddress + path);
        if (Volatile.Read(ref _cachedUris) < MaxCachedUris && _uris.TryAdd(path, uri))
        {
            Interlocked.Increment(ref _cachedUris);
        }

        return uri;
    }

    /// <summary>A fresh message for one attempt: new content, the attempt's copy of the call's state, and its <see cref="RequestInfo"/>.</summary>
    private VendorRequestMessage BuildMessage(CallState state, int attempt, DocScanQuotaPermit? permit)
    {
        var request = state.Request;
        var attemptState = request.AttemptState();
        var content = request.AttemptContent is { } create ? create(attemptState)
            : request.JsonBody is { } json ? JsonDefaults.Content(json)
            : request.Content?.Invoke();
        var info = new RequestInfo(_vendor, request.Operation, attempt, state, permit, request.RequiresAuth, attemptState);
        return new VendorRequestMessage(request.Method, UriOf(request.Path), info) { Content = content };
    }

    private DocScanException Fail(DocScanException e, CallState state, long start, Activity? activity)
    {
        e.Stamp(_vendor, state.Request.Operation, state.LastStatus, state.RequestId, state.Attempts);
        var elapsed = Time.GetElapsedTime(start);
        Log.Failed(_logger, _vendor, state.Request.Operation, e.Kind.ToString(), Log.Status(e.HttpStatus), e.VendorCode ?? "-", state.Attempts, elapsed.TotalMilliseconds, e.RequestId ?? "-");
        activity?.SetTag("docscan.attempts", DocScanTelemetry.Box(state.Attempts));
        activity?.SetTag("docscan.outcome", e.Kind.ToString());
        activity?.SetStatus(ActivityStatusCode.Error, e.Kind.ToString());
        return e;
    }

    /// <summary>One attempt. Failures come back as outcomes, as Polly's outcome API expects, so no layer wraps the call to catch them.</summary>
    /// <param name="state">The call.</param>
    /// <param name="cancellationToken">Bounds the attempt: the retry pipeline's attempt timeout, or <paramref name="timer"/>'s token.</param>
    /// <param name="timer">The first attempt's own timeout, given back when the attempt ends; none in the retry pipeline.</param>
    /// <param name="lease">The first attempt's rate-limit lease, released when the attempt ends; none in the retry pipeline, whose strategy holds it.</param>
    private async ValueTask<Outcome<DocScanResult>> AttemptAsync(CallState state, CancellationToken cancellationToken, TimeoutSources.Scope timer = default, RateLimitLease? lease = null)
    {
        try
        {
            int attempt = ++state.Started;
            long attemptStart = Time.GetTimestamp();

            // The quota counts the moment the request goes out: stamped when the body starts going out, or here when
            // the send ends (see RequestInfo.Settle); so does Attempts.
            var permit = state.Permit;
            var request = state.Request;
            string operation = request.Operation;

            VendorRequestMessage? message = null;
            HttpResponseMessage? response = null;
            bool keepOpen = false;
            try
            {
                try
                {
                    message = BuildMessage(state, attempt, permit);
                    // The handler chain itself, not an HttpClient: the SDK's own timeouts bound the call, the body is read
                    // as it streams (as with ResponseHeadersRead), and HttpClient's linked token source and state machine are not paid for.
                    response = await _client().SendAsync(message, cancellationToken).ConfigureAwait(false);
                    message.Info.Settle(null);
                }
                catch (Exception e) when (message is not null && message.Info.Settle(e))
                {
                    throw; // never reached: settling is all the filter does, before the clauses below classify the failure
                }
                catch (DocScanException e)
                {
                    // Only the SDK's own handlers throw this here (missing credentials, a failed token fetch).
                    e.Stamp(_vendor, operation, null, null, state.Attempts);
                    throw;
                }
                catch (Exception e) when (ImageReadException.Find(e) is { } failed && !cancellationToken.IsCancellationRequested)
                {
                    var error = failed.ToDocScanException(_vendor, operation);
                    error.Stamp(_vendor, operation, null, null, state.Attempts);
                    throw error;
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    var network = HttpErrors.FromNetwork(e, responseStarted: false, requestSent: state.CurrentAttemptSent);
                    network.Stamp(_vendor, operation, null, null, state.Attempts);
                    throw network;
                }

                response.RequestMessage ??= message; // some handlers leave it unset; TimeReads reads the attempt count from it
                int status = (int)response.StatusCode;
                string? requestId = LoggingHandler.FindRequestId(response, _requestIdHeaders);
                state.LastStatus = status;
                state.RequestId = requestId;
                state.Headers = ResponseHeaderSnapshot.Of(response);
                try
                {
                    var result = await state.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                    keepOpen = request.StreamsResponse;
                    return Outcome.FromResult(result);
                }
                catch (DocScanException e)
                {
                    e.Stamp(_vendor, operation, status, requestId, state.Attempts);
                    if (e.RequestId is not null)
                    {
                        state.RequestId = e.RequestId;
                    }

                    throw;
                }
                catch (Exception e) when (ImageReadException.Find(e) is { } failed && !cancellationToken.IsCancellationRequested)
                {
                    var error = failed.ToDocScanException(_vendor, operation);
                    error.Stamp(_vendor, operation, status, requestId, state.Attempts);
                    throw error;
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    var network = HttpErrors.FromNetwork(e, responseStarted: true);
                    network.Stamp(_vendor, operation, status, requestId, state.Attempts);
                    throw network;
                }
            }
            finally
            {
                state.LastAttemptDuration = Time.GetElapsedTime(attemptStart);
                if (!keepOpen)
                {
                    response?.Dispose();
                }

                message?.Dispose();
            }
        }
        catch (Exception e)
        {
            return Failed(e, timer, "The attempt outlasted its timeout.");
        }
        finally
        {
            timer.Dispose();
            lease?.Dispose();
        }
    }

    /// <summary>The pipeline a failed first attempt enters; its total timeout is what is left of the call's.</summary>
    private ResiliencePipeline<DocScanResult> BuildRetryPipeline()
    {
        var builder = new ResiliencePipelineBuilder<DocScanResult> { TimeProvider = Time, Name = "DocScan." + _vendor };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "TotalTimeout",
            // A zero timeout would mean none to Polly: a call already at its deadline gets a tick.
            TimeoutGenerator = args => new ValueTask<TimeSpan>(Left(args.Context.Properties.GetValue(StateKey, null!))),
        });
        var retry = _options.Retry;
        builder.AddRetry(new RetryStrategyOptions<DocScanResult>
        {
            Name = "Retry",
            MaxRetryAttempts = retry.MaxRetries,
            Delay = retry.BaseDelay,
            MaxDelay = retry.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context)),
            // The vendor's own wait, plus the safety margin against clock skew and jitter (never a few ms early).
            DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is DocScanException { RetryAfter: { } after } ? after + _options.RateLimit.SafetyMargin : null),
            OnRetry = args =>
            {
                var e = args.Outcome.Exception;
                var state = args.Context.Properties.GetValue(StateKey, null!);
                string kind = e is DocScanException d ? d.Kind.ToString() : e is TimeoutRejectedException ? "AttemptTimeout" : e?.GetType().Name ?? "?";
                Log.Retrying(_logger, _vendor, state.Request.Operation, kind, args.AttemptNumber + 1, Log.Status((e as DocScanException)?.HttpStatus), args.RetryDelay.TotalMilliseconds);
                DocScanTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("docscan.vendor", _vendor), new KeyValuePair<string, object?>("docscan.operation", state.Request.Operation));
                return default;
            },
        });

        if (RateLimited)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = "RateLimit",
                RateLimiter = LeaseAsync,
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _options.AttemptTimeout, Name = "AttemptTimeout" });
        return builder.Build();
    }

    /// <summary>What is left of the call's total timeout; at least a tick.</summary>
    private TimeSpan Left(CallState state)
    {
        long left = state.Deadline - Time.GetTimestamp();
        return TimeSpan.FromTicks(Math.Max(1, (long)(left * (double)TimeSpan.TicksPerSecond / Time.TimestampFrequency)));
    }

    /// <summary>The rate-limit strategy's lease for an attempt of the retry pipeline (none for the replayed first attempt, which held its own).</summary>
    private ValueTask<RateLimitLease> LeaseAsync(RateLimiterArguments args)
    {
        var state = args.Context.Properties.GetValue(StateKey, null!);
        if (state.Replay is not null)
        {
            return new ValueTask<RateLimitLease>(PermitLease.Replayed);
        }

        return LeaseAsync(state, args.Context.CancellationToken);
    }

    /// <summary>
    /// Waits for the account's quota (a <see cref="PermitLease"/>, whose permit the attempt's request carries), or for
    /// a plugged-in rate limiter's lease (approximate: it cannot know when the request is sent). A full queue throws or
    /// gives a lease not acquired.
    /// </summary>
    private async ValueTask<RateLimitLease> LeaseAsync(CallState state, CancellationToken cancellationToken)
    {
        long start = Time.GetTimestamp();
        var lease = _quota is not null
            ? new PermitLease(await _quota.AcquireAsync(cancellationToken).ConfigureAwait(false))
            : await _limiter!.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        var waited = Time.GetElapsedTime(start);
        if (waited > TimeSpan.FromMilliseconds(1))
        {
            string operation = state.Request.Operation;
            Log.RateLimitWait(_logger, _vendor, operation, waited.TotalMilliseconds);
            var vendorTag = new KeyValuePair<string, object?>("docscan.vendor", _vendor);
            DocScanTelemetry.RateLimitWaits.Add(1, vendorTag);
            DocScanTelemetry.RateLimitWaitDuration.Record(waited.TotalSeconds, vendorTag);
        }

        state.Permit = (lease as PermitLease)?.Permit;
        return lease;
    }

    /// <summary>Retry only what cannot double-charge: see <see cref="OperationCharge"/>.</summary>
    private bool ShouldRetry(Exception? e, ResilienceContext context)
    {
        if (e is null || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        FailureClass failure;
        TimeSpan? retryAfter = null;
        switch (e)
        {
            case DocScanException d:
                failure = d.Failure;
                retryAfter = d.RetryAfter;
                break;
            case TimeoutRejectedException:
                // The attempt timed out: once the request went out, the vendor may have processed it.
                failure = context.Properties.GetValue(StateKey, null!).CurrentAttemptSent ? FailureClass.Ambiguous : FailureClass.NotProcessed;
                break;
            default:
                return false;
        }

        var state = context.Properties.GetValue(StateKey, null!);
        switch (failure)
        {
            case FailureClass.Permanent:
                return false;
            case FailureClass.Ambiguous when state.Request.Charge == OperationCharge.Charged && !_options.Retry.RetryAmbiguousFailures:
                return false;
        }

        // A wait longer than allowed, or one that leaves no room for another attempt, fails now with RetryAfter set.
        return retryAfter is not { } after || RetryAfterFits(state, after);
    }

    /// <summary>
    /// Whether waiting <paramref name="after"/> (plus the safety margin) and then making one more attempt fits in what
    /// is left of the total timeout. An attempt is assumed to take as long as the last one did, and at least
    /// <see cref="MinimumAttempt"/> (capped by the attempt timeout).
    /// </summary>
    private bool RetryAfterFits(CallState state, TimeSpan after)
    {
        if (after > _options.Retry.MaxRetryAfter)
        {
            return false;
        }

        var floor = _options.AttemptTimeout < MinimumAttempt ? _options.AttemptTimeout : MinimumAttempt;
        var attempt = state.LastAttemptDuration > floor ? state.LastAttemptDuration : floor;
        return Time.GetTimestamp() + ToTimestamp(after + _options.RateLimit.SafetyMargin + attempt) <= state.Deadline;
    }

    /// <summary>
    /// Adds what only the pipeline knows to a failure: a Retry-After that could not be honoured makes it
    /// <see cref="DocScanErrorKind.RateLimited"/> (whatever the status), and a charged call that may have been
    /// processed says so.
    /// </summary>
    private DocScanException TimedOut(CallState state, bool total, Exception inner)
        => new(
            DocScanErrorKind.Timeout,
            total
                ? $"the call did not finish within TotalTimeout ({Seconds(_options.TotalTimeout)} s, {Setting("TotalTimeout")})."
                : $"no answer within AttemptTimeout ({Seconds(_options.AttemptTimeout)} s, {Setting("AttemptTimeout")}).",
            inner)
        { IsTransient = true, Failure = state.CurrentAttemptSent ? FailureClass.Ambiguous : FailureClass.NotProcessed };

    private DocScanException Explain(DocScanException e, CallState state, bool totalTimeout)
    {
        if (e.RetryAfter is { } after && e.Failure != FailureClass.Permanent && !RetryAfterFits(state, after))
        {
            string why = after > _options.Retry.MaxRetryAfter
                ? $"The vendor asked to wait {Seconds(after)} s (Retry-After), longer than {Setting("Retry:MaxRetryAfter")} ({Seconds(_options.Retry.MaxRetryAfter)} s), so the call fails now; call again after RetryAfter."
                : $"The vendor asked to wait {Seconds(after)} s (Retry-After); that wait and another attempt do not fit in what is left of {Setting("TotalTimeout")} ({Seconds(_options.TotalTimeout)} s), so the call fails now; call again after RetryAfter.";
            e = new DocScanException(DocScanErrorKind.RateLimited, e.Detail.TrimEnd() + " " + why, e)
            {
                HttpStatus = e.HttpStatus,
                VendorCode = e.VendorCode,
                VendorMessage = e.VendorMessage,
                RequestId = e.RequestId,
                RetryAfter = after,
                IsTransient = true,
                Failure = e.Failure,
            };
        }

        if (state.Request.Charge == OperationCharge.Charged && e.Failure == FailureClass.Ambiguous && state.Attempts > 0)
        {
            e.AppendDetail(totalTimeout || _options.Retry.RetryAmbiguousFailures
                ? "The vendor may have processed and billed the request; check for its result before calling again."
                : $"The vendor may have processed and billed the request, so it was not retried (a retry could be charged twice); check for its result before calling again, or set {Setting("Retry:RetryAmbiguousFailures")} to true to retry such failures.");
        }

        return e;
    }

    /// <summary>The configuration key of one of this vendor's settings, as error messages name it.</summary>
    private string Setting(string key) => "DocScan:" + _vendor + ":" + key;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private long ToTimestamp(TimeSpan span) => (long)(span.Ticks * (double)Time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private abstract class CallState : IAttemptOwner
    {
        private int _attempts;
        private int _sentAttempt;

        protected CallState(VendorPipeline pipeline, DocScanRequest request, long start)
        {
            Pipeline = pipeline;
            Request = request;
            Deadline = start + pipeline.ToTimestamp(pipeline._options.TotalTimeout);
        }

        public VendorPipeline Pipeline { get; }

        public DocScanRequest Request { get; }

        public long Deadline { get; }

        /// <summary>Attempts begun (the number of the current one).</summary>
        public int Started { get; set; }

        /// <summary>Attempts that reached the vendor: their body started going out, or an answer arrived.</summary>
        public int Attempts => Volatile.Read(ref _attempts);

        /// <summary>Whether the current attempt has reached the vendor.</summary>
        public bool CurrentAttemptSent => Volatile.Read(ref _sentAttempt) == Started;

        public TimeSpan LastAttemptDuration { get; set; }

        public int? LastStatus { get; set; }

        public string? RequestId { get; set; }

        public IReadOnlyDictionary<string, string>? Headers { get; set; }

        /// <summary>The current attempt's quota permit (held by its lease), or null.</summary>
        public DocScanQuotaPermit? Permit { get; set; }

        /// <summary>The failed first attempt, until the retry pipeline has taken it as its own first attempt's outcome.</summary>
        public Outcome<DocScanResult>? Replay { get; set; }

        public Outcome<DocScanResult>? TakeReplay()
        {
            var replay = Replay;
            Replay = null;
            return replay;
        }

        public HttpRequestMessage Rebuild(int attempt, DocScanQuotaPermit? permit) => Pipeline.BuildMessage(this, attempt, permit);

        /// <summary>Maps the response to the operation's result (or throws), as the client's read delegate does.</summary>
        public abstract ValueTask<DocScanResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken);

        /// <summary>Counts attempt <paramref name="attempt"/> once, however many messages it sent (a token-refresh resend is the same attempt).</summary>
        public void CountSent(int attempt)
        {
            int seen = Volatile.Read(ref _sentAttempt);
            if (attempt > seen && Interlocked.CompareExchange(ref _sentAttempt, attempt, seen) == seen)
            {
                Interlocked.Increment(ref _attempts);
            }
        }
    }

    private sealed class CallState<T> : CallState
        where T : DocScanResult
    {
        public CallState(VendorPipeline pipeline, DocScanRequest request, Func<HttpResponseMessage, CancellationToken, ValueTask<T>> read, long start)
            : base(pipeline, request, start)
        {
            Read = read;
        }

        public Func<HttpResponseMessage, CancellationToken, ValueTask<T>> Read { get; }

        public override ValueTask<DocScanResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            // A small body is usually read by the time the headers are: no second state machine for that case.
            var pending = Read(response, cancellationToken);
            return pending.IsCompletedSuccessfully ? new ValueTask<DocScanResult>(pending.Result) : Await(pending);

            static async ValueTask<DocScanResult> Await(ValueTask<T> pending) => await pending.ConfigureAwait(false);
        }
    }

    /// <summary>A quota permit as the lease Polly's rate-limiter strategy holds for the attempt.</summary>
    private sealed class PermitLease : RateLimitLease
    {
        /// <summary>The lease of the replayed first attempt: it held its own permit, already settled.</summary>
        public static readonly PermitLease Replayed = new(null);

        public PermitLease(DocScanQuotaPermit? permit) => Permit = permit;

        public DocScanQuotaPermit? Permit { get; }

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => Array.Empty<string>();

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing) => Permit?.Dispose();
    }

    private sealed class DisposeAction : IDisposable
    {
        private readonly Action _action;

        public DisposeAction(Action action) => _action = action;

        public void Dispose() => _action();
    }
}
