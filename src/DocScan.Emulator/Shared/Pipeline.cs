using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DocScan.Emulator.Shared;

/// <summary>
/// The middleware around every vendor request: finds the vendor from the port, logs the request, counts its
/// body, applies an injected fault, and after routing refuses endpoints of another vendor.
/// </summary>
internal sealed class Pipeline
{
    /// <summary>Connection item that tags each connection with the vendor whose port accepted it.</summary>
    public static readonly object VendorKey = new();

    private readonly EmulatorState _state;

    public Pipeline(EmulatorState state) => _state = state;

    public static EmulatorVendor? VendorOf(HttpContext context)
        => context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(VendorKey, out var value) == true ? value as EmulatorVendor? : null;

    /// <summary>First middleware: logging, body counting and faults.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (VendorOf(context) is not { } vendor)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.Path.StartsWithSegments("/_emulator"))
        {
            await next(context);
            return;
        }

        var exchange = new Exchange(vendor, _state.Time.GetUtcNow());
        Exchange.Attach(context, exchange);
        var body = new CountingStream(context.Request.Body);
        context.Request.Body = body;
        long started = _state.Time.GetTimestamp();
        var entry = _state.Log.Add(sequence => new EmulatorRequest
        {
            Sequence = sequence,
            Vendor = vendor,
            ReceivedAt = exchange.ReceivedAt,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            Query = context.Request.QueryString.Value ?? "",
            Headers = context.Request.Headers.ToDictionary(
                h => h.Key,
                h => (IReadOnlyList<string>)[.. h.Value.Select(v => v ?? "")],
                StringComparer.OrdinalIgnoreCase),
        });

        string? injected = null;
        bool aborted = false;
        try
        {
            var fault = _state.Faults.Take(vendor, entry.Path);
            if (fault is null)
            {
                await next(context);
            }
            else
            {
                injected = fault.ResetConnection ? "reset" : fault.Answers ? "status" : "hang";
                aborted = !await ApplyFaultAsync(context, exchange, fault, next);
            }

            if (!aborted && !context.RequestAborted.IsCancellationRequested)
            {
                await DrainAsync(context);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            exchange.Outcome ??= "aborted";
            aborted = true;
        }
        catch (BadHttpRequestException e) when (context.RequestAborted.IsCancellationRequested || e.Message.Contains("Unexpected end of request content", StringComparison.Ordinal))
        {
            // The client went away mid-body (a cancelled upload): an abort, not a malformed request.
            exchange.Outcome ??= "aborted";
            aborted = true;
        }
        catch (BadHttpRequestException e)
        {
            // The body broke Kestrel's own limits (too large, client stopped sending).
            exchange.Outcome ??= "invalid";
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = e.StatusCode;
            }
        }
        catch (InvalidDataException e) when (!context.Response.HasStarted)
        {
            // A malformed multipart or form body.
            exchange.Mark("invalid", null);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "malformed request body: " + e.Message }, context.RequestAborted);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            exchange.Outcome ??= "aborted";
            aborted = true;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // An emulator bug: say so instead of a bare 500.
            exchange.Mark("error", null);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { error = "emulator failure: " + e.GetType().Name + ": " + e.Message }), context.RequestAborted);
        }
        finally
        {
            bool reset = aborted || context.RequestAborted.IsCancellationRequested;
            int status = reset ? 0 : context.Response.StatusCode;
            _state.Log.Replace(entry with
            {
                Completed = true,
                BodyBytes = body.Count,
                StatusCode = status,
                Outcome = exchange.Outcome ?? (reset ? "aborted" : status is >= 200 and < 300 ? "ok" : "error"),
                VendorCode = exchange.VendorCode,
                Charged = exchange.Charged,
                InjectedFault = injected,
                Duration = _state.Time.GetElapsedTime(started),
            });
            if (injected == "reset")
            {
                context.Abort();
            }
        }
    }

    /// <summary>After routing: only this vendor's endpoints (and the control endpoints) answer on its port.</summary>
    public async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AdminEndpoint>() is not null)
        {
            await next(context);
            return;
        }

        var owner = endpoint?.Metadata.GetMetadata<VendorEndpoint>();
        if (owner is not null && owner.Vendor == VendorOf(context))
        {
            await next(context);
            return;
        }

        if (endpoint is not null && owner is null)
        {
            // Routing's own 405 endpoint for a known path with another method.
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/_emulator"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Exchange.Of(context).Mark("not-found", null);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"error\":\"Not Found\",\"path\":" + System.Text.Json.JsonSerializer.Serialize(context.Request.Path.Value) + "}", context.RequestAborted);
    }

    /// <summary>Applies a fault; returns <see langword="false"/> when the connection was reset or the client gave up.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context, Exchange exchange, EmulatorFault fault, RequestDelegate next)
    {
        bool handOn = !fault.ResetConnection && !fault.Answers;
        if (fault.Delay is not null || fault.ResetConnection)
        {
            // The client has finished sending before the hang or the reset: the ambiguous case.
            if (handOn)
            {
                context.Request.EnableBuffering();
            }

            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            if (handOn)
            {
                context.Request.Body.Position = 0;
            }
        }

        if (fault.Delay is { } delay)
        {
            using var linked = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _state.Stopping.Token);
            try
            {
                await Task.Delay(delay, _state.Time, linked.Token);
            }
            catch (OperationCanceledException)
            {
                exchange.Mark("aborted", null);
                return false;
            }
        }

        if (fault.ResetConnection)
        {
            // The caller aborts the connection once the log entry is final, so a client that sees the reset
            // always finds it in the log.
            exchange.Mark("fault-reset", null);
            return false;
        }

        if (!fault.Answers)
        {
            await next(context);
            exchange.Outcome ??= "fault-hang";
            return true;
        }

        int status;
        byte[] bytes;
        string contentType = fault.ContentType;
        if (fault.VendorErrorSpec is { } spec)
        {
            var api = _state.Vendors[spec.Vendor];
            var (vendorStatus, body) = api.Error(spec.Code, spec.Message);
            status = vendorStatus;
            bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, Reply.Json);
            contentType = api.JsonContentType;
        }
        else
        {
            status = fault.StatusCode!.Value;
            bytes = Encoding.UTF8.GetBytes(fault.Body ?? "");
        }

        exchange.Mark("fault", fault.VendorCode);
        context.Response.StatusCode = status;
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (bytes.Length > 0)
        {
            context.Response.ContentType = contentType;
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        return true;
    }

    /// <summary>Reads what a handler left unread so the log has the full body size (and the connection stays reusable).</summary>
    private static async Task DrainAsync(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or InvalidOperationException)
        {
            // Nothing more to read.
        }
    }
}
