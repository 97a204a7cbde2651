using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Http;

/// <summary>
/// One shape for every download: the body is written into the caller's stream, each read bounded by
/// ResponseReadTimeout and the whole call (copy included) by TotalTimeout; the result says how much was written.
/// </summary>
internal static class StreamedDownload
{
    /// <summary>Checks the destination before anything is sent.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    public static void CheckDestination(Stream destination, string parameterName)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream must be writable.", parameterName);
        }
    }

    /// <summary>Sends <paramref name="request"/> (which must stream its response), lets <paramref name="check"/> throw for anything but the file, then copies the body.</summary>
    /// <param name="pipeline">The vendor's pipeline.</param>
    /// <param name="request">The request, made with <see cref="DocScanRequest.StreamsResponse"/> set.</param>
    /// <param name="check">Throws the vendor's error for a response that is not the file (reads its body only then).</param>
    /// <param name="destination">Where the bytes go; not disposed.</param>
    /// <param name="create">Builds the result from the declared media type and the number of bytes written.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static async Task<T> CopyToAsync<T>(
        VendorPipeline pipeline,
        DocScanRequest request,
        Func<HttpResponseMessage, CancellationToken, ValueTask> check,
        Stream destination,
        Func<string?, long, T> create,
        CancellationToken cancellationToken)
        where T : DocScanResult
    {
        long start = pipeline.Time.GetTimestamp();
        using var opened = await pipeline.SendAsync(request, async (response, ct) =>
        {
            await check(response, ct).ConfigureAwait(false);
#if NETSTANDARD2_0
            var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#else
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#endif
            return new OpenedBody(pipeline.TimeReads(stream, request.Operation, response), response.Content.Headers.ContentType?.MediaType, response);
        }, cancellationToken).ConfigureAwait(false);

        // The copy runs after the pipeline returned, so it gets the call's remaining TotalTimeout and the read timeout.
        long written = await pipeline.CopyBodyAsync(opened.Content, destination, start, opened, cancellationToken).ConfigureAwait(false);
        var result = create(opened.ContentType, written);
        result.Stamp(pipeline.Vendor, request.Operation, opened.HttpStatus, opened.RequestId, opened.Attempts, pipeline.Time.GetElapsedTime(start), opened.ResponseHeaders);
        return result;
    }

    /// <summary>A response kept open for the copy.</summary>
    private sealed class OpenedBody : DocScanResult, IDisposable
    {
        private readonly IDisposable _owner;

        public OpenedBody(Stream content, string? contentType, IDisposable owner)
        {
            Content = content;
            ContentType = contentType;
            _owner = owner;
        }

        public Stream Content { get; }

        public string? ContentType { get; }

        public void Dispose()
        {
            Content.Dispose();
            _owner.Dispose();
        }
    }
}
