using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// The response-error sequence every JSON operation shares: read the body within the call's token, parse the
/// vendor's envelope leniently (an error status may carry any body), take Retry-After, let the vendor's code decide,
/// and fall back to the HTTP status.
/// </summary>
internal static class VendorResponse
{
    /// <summary>Reads an answer; throws the mapped <see cref="DocScanException"/> for an error code or a failed status.</summary>
    /// <returns>The successful answer; dispose it to return the body's buffer. Its envelope is null when the body was JSON <c>null</c>.</returns>
    public static async ValueTask<VendorAnswer<TEnvelope>> ReadAsync<TEnvelope>(HttpResponseMessage response, IVendorErrorMap<TEnvelope> map, TimeProvider time, CancellationToken cancellationToken)
        where TEnvelope : class
    {
        var body = await ResponseBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            int status = (int)response.StatusCode;
            bool ok = status is >= 200 and < 300;
            var envelope = body.Deserialize(map.Envelope, nullIfNotJson: !ok, map.EnvelopeDescription, map.RepairsInvalidUtf8);
            var retryAfter = HttpErrors.RetryAfter(response, time);
            if (envelope is not null && map.FromEnvelope(envelope, status, retryAfter) is { } refused)
            {
                throw refused;
            }

            if (!ok)
            {
                throw map.FromStatus(status, envelope, retryAfter);
            }

            return new VendorAnswer<TEnvelope>(body, envelope, status, retryAfter);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}

/// <summary>A successful answer read by <see cref="VendorResponse"/>; owns the body's pooled buffer (a struct: one per call, never copied after use).</summary>
/// <typeparam name="TEnvelope">The vendor's JSON envelope.</typeparam>
internal readonly struct VendorAnswer<TEnvelope> : IDisposable
    where TEnvelope : class
{
    public VendorAnswer(ResponseBody body, TEnvelope? envelope, int status, TimeSpan? retryAfter)
    {
        Body = body;
        Envelope = envelope;
        Status = status;
        RetryAfter = retryAfter;
    }

    public ResponseBody Body { get; }

    public TEnvelope? Envelope { get; }

    public int Status { get; }

    public TimeSpan? RetryAfter { get; }

    public void Dispose() => Body.Dispose();
}
