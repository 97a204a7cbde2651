using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Http;

/// <summary>
/// Logs and measures each attempt. Logs the method, the path (never the query, which may carry secrets),
/// the status, the time and the request id; header values only from an allow-list; never a body.
/// </summary>
internal sealed class LoggingHandler : DelegatingHandler
{
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _requestIdHeaders;
    private readonly IReadOnlyList<string> _allowedHeaders;
    private readonly TimeProvider _time;

    public LoggingHandler(ILogger logger, IReadOnlyList<string> requestIdHeaders, IEnumerable<string> allowedHeaders, TimeProvider time)
    {
        _logger = logger;
        _requestIdHeaders = requestIdHeaders;
        _allowedHeaders = requestIdHeaders.Concat(allowedHeaders).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _time = time;
    }

    /// <summary>The longest request id kept; vendors' ids are 16–64 characters.</summary>
    public const int MaxRequestIdLength = 128;

    /// <summary>The first request-id header the response carries, cleaned by <see cref="CleanRequestId"/>.</summary>
    public static string? FindRequestId(HttpResponseMessage response, IReadOnlyList<string> headers)
    {
        for (int i = 0; i < headers.Count; i++) // not foreach: an interface's enumerator is an allocation per call
        {
            if (response.Headers.TryGetValues(headers[i], out var values))
            {
                foreach (var value in values)
                {
                    if (CleanRequestId(value) is { } id)
                    {
                        return id;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A request id as the SDK reports it: control characters removed (a hostile id cannot forge log lines), trimmed,
    /// at most <see cref="MaxRequestIdLength"/> characters (a longer one is cut and ends with <c>…</c>); null when nothing is left.
    /// </summary>
    public static string? CleanRequestId(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (IsClean(value))
        {
            return value;
        }

        var sb = new System.Text.StringBuilder(Math.Min(value.Length, MaxRequestIdLength + 1));
        foreach (char c in value)
        {
            if (IsRemoved(c))
            {
                continue;
            }

            if (sb.Length == MaxRequestIdLength)
            {
                sb.Length = MaxRequestIdLength - 1;
                sb.Append('…');
                break;
            }

            sb.Append(c);
        }

        var id = sb.ToString().Trim();
        return id.Length == 0 ? null : id;
    }

    /// <summary>Whether <paramref name="value"/> is already a request id as reported: nothing to remove, trim or cut.</summary>
    private static bool IsClean(string value)
    {
        if (value.Length is 0 or > MaxRequestIdLength || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (IsRemoved(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a request id loses <paramref name="c"/>: control characters, surrogates and line or paragraph separators.</summary>
    private static bool IsRemoved(char c) => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029';

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The rate limit counts a request from the moment it reaches the vendor: when its body starts going out
        // (the connection is open by then), or, for a request without a body, when the answer arrives.
        // Attempts count the same way: a request that never got that far (a connect failure, an attempt timeout while
        // connecting) did not reach the vendor. A request without a body counts from the hand-off unless the connect failed.
        // The pipeline that sent the message settles it when the send ends (RequestInfo.Settle), so this handler need
        // not wait for the answer unless it logs or measures it.
        var info = RequestInfo.Of(request);
        var observed = request.Content as IObservedContent;
        if (observed is not null)
        {
            observed.Attempt = info;
        }
        else if (request.Content is not null)
        {
            info?.Sending(); // a body that cannot say when it starts: count it from the hand-off
        }

        info?.HandOver(observedBody: observed is not null);
        bool debug = _logger.IsEnabled(LogLevel.Debug); // the arguments below cost allocations; make them only for a reader
        if (!debug && !DocScanTelemetry.RequestDuration.Enabled)
        {
            return base.SendAsync(request, cancellationToken);
        }

        return SendLoggedAsync(request, info, debug, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, RequestInfo? info, bool debug, CancellationToken cancellationToken)
    {
        string vendor = info?.Vendor ?? "?";
        string operation = info?.Operation ?? "?";
        int attempt = info?.Attempt ?? 0;
        if (debug)
        {
            Log.Sending(_logger, vendor, operation, attempt, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty);
        }

        long start = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var failed = _time.GetElapsedTime(start);
            Log.SendFailed(_logger, vendor, operation, attempt, failed.TotalMilliseconds, Log.Describe(e));
            Record(failed, vendor, operation, null);
            throw;
        }

        var elapsed = _time.GetElapsedTime(start);
        int status = (int)response.StatusCode;
        if (debug)
        {
            Log.Received(_logger, vendor, operation, attempt, status, elapsed.TotalMilliseconds, FindRequestId(response, _requestIdHeaders));
        }

        if (_logger.IsEnabled(LogLevel.Trace))
        {
            foreach (var name in _allowedHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values) || (response.Content?.Headers.TryGetValues(name, out values) ?? false))
                {
                    Log.Header(_logger, vendor, operation, attempt, name, string.Join(",", values));
                }
            }
        }

        Record(elapsed, vendor, operation, status);
        return response;
    }

    private static void Record(TimeSpan elapsed, string vendor, string operation, int? status)
    {
        if (!DocScanTelemetry.RequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "docscan.vendor", vendor },
            { "docscan.operation", operation },
            { "http.response.status_code", status is { } code ? DocScanTelemetry.Box(code) : null },
        };
        DocScanTelemetry.RequestDuration.Record(elapsed.TotalSeconds, tags);
    }
}
