using System;
using System.Net.Http;
using System.Net.Sockets;

namespace DocScan.Sdk.Http;

/// <summary>Maps what HTTP itself says (status, Retry-After, socket errors) to the common error model.</summary>
internal static class HttpErrors
{
    /// <summary>An error from the HTTP status alone, for answers whose body says nothing the vendor code understands.</summary>
    public static DocScanException FromStatus(int status, TimeSpan? retryAfter, string? detail = null)
    {
        var (kind, failure) = Classify(status);
        string text = detail ?? status switch
        {
            401 or 403 => "the vendor rejected the credentials; check the key (and that it belongs to this environment).",
            402 => "the account's balance or quota is exhausted; top up before retrying.",
            404 or 410 => "the vendor does not know this resource, or it has expired.",
            408 => "the vendor timed out reading the request.",
            413 => "the vendor refused the request as too large.",
            429 => "the vendor throttled the call.",
            _ when status >= 500 => "the vendor reported a server error.",
            _ => "the vendor refused the request.",
        };
        return new DocScanException(kind, text)
        {
            HttpStatus = status,
            RetryAfter = retryAfter,
            IsTransient = failure != FailureClass.Permanent,
            Failure = failure,
        };
    }

    /// <summary>An error a vendor's code table decided; empty vendor messages and request ids become null.</summary>
    public static DocScanException FromVendor(DocScanErrorKind kind, FailureClass failure, string text, string? vendorCode, string? vendorMessage, TimeSpan? retryAfter, string? requestId = null, int? httpStatus = null)
        => new(kind, text)
        {
            HttpStatus = httpStatus,
            VendorCode = vendorCode,
            VendorMessage = string.IsNullOrEmpty(vendorMessage) ? null : vendorMessage,
            RetryAfter = retryAfter,
            RequestId = string.IsNullOrEmpty(requestId) ? null : requestId,
            IsTransient = failure != FailureClass.Permanent,
            Failure = failure,
        };

    /// <summary>The kind and retry class of an HTTP status.</summary>
    /// <remarks>503 means the service did not take the request (overload, shutting down): not processed. Other 5xx and 408 are ambiguous.</remarks>
    public static (DocScanErrorKind Kind, FailureClass Failure) Classify(int status) => status switch
    {
        401 or 403 => (DocScanErrorKind.Authentication, FailureClass.Permanent),
        402 => (DocScanErrorKind.InsufficientQuota, FailureClass.Permanent),
        404 or 410 => (DocScanErrorKind.NotFound, FailureClass.Permanent),
        408 => (DocScanErrorKind.Timeout, FailureClass.Ambiguous),
        429 => (DocScanErrorKind.RateLimited, FailureClass.NotProcessed),
        503 => (DocScanErrorKind.ServerError, FailureClass.NotProcessed),
        504 => (DocScanErrorKind.Timeout, FailureClass.Ambiguous),
        >= 500 => (DocScanErrorKind.ServerError, FailureClass.Ambiguous),
        _ => (DocScanErrorKind.InvalidRequest, FailureClass.Permanent),
    };

    /// <summary>The <c>Retry-After</c> of a response (delta seconds or an HTTP date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>An error for a request that got no (complete) response.</summary>
    /// <param name="e">The transport's exception.</param>
    /// <param name="responseStarted">Whether the response's headers had arrived.</param>
    /// <param name="requestSent">Whether the request had started going out (its body was being written); when not, the vendor cannot have processed it.</param>
    public static DocScanException FromNetwork(Exception e, bool responseStarted, bool requestSent = true)
    {
        bool connectFailure = !responseStarted && (IsConnectFailure(e) || !requestSent);
        return new DocScanException(
            DocScanErrorKind.Network,
            connectFailure
                ? "could not connect to the vendor (" + e.Message + "); nothing was sent."
                : "the connection failed " + (responseStarted ? "while the response was read" : "before a response arrived") + " (" + e.Message + ").",
            e)
        {
            IsTransient = true,
            Failure = connectFailure ? FailureClass.NotProcessed : FailureClass.Ambiguous,
        };
    }

    /// <summary>Whether <paramref name="e"/> proves the connection was never made (nothing was sent).</summary>
    public static bool IsConnectFailure(Exception e)
    {
#if !NETSTANDARD2_0
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
        {
            return true;
        }
#endif
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s && s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain)
            {
                return true;
            }
        }

        return false;
    }
}
