using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;

namespace DocScan.Sdk.ProcessImage;

/// <summary>
/// Reads the body processimage.cn POSTs to the callback URL of <see cref="IProcessImageClient.SubmitAsync"/>.
/// </summary>
/// <remarks>
/// <para>The callback is not signed: anyone who knows the URL can post to it. Do not trust it blindly: use a hard to
/// guess URL (a per-submission secret in the path or query), match <see cref="ProcessImageResponse.ImageIdentifier"/>
/// with the acknowledgement, and download the image only from the vendor's host
/// (<see cref="IProcessImageClient.DownloadImageAsync"/> refuses other hosts).</para>
/// <para>The callback is serialised by a different library than the synchronous reply, so it is parsed leniently
/// (property names in any case, numbers as strings, the expiry as a string, number, array or nested object).</para>
/// <para>Answer HTTP 200 once the body is read, even when parsing fails: otherwise the vendor sends it once more.</para>
/// </remarks>
public static class ProcessImageCallback
{
    /// <summary>The largest callback body read, 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string Operation = "Callback";

    /// <summary>Parses a callback body.</summary>
    /// <param name="body">The request body, UTF-8 JSON.</param>
    /// <returns>The result, as <see cref="IProcessImageClient.RemoveWatermarkAsync"/> returns it.</returns>
    /// <exception cref="DocScanException">
    /// The body is empty or not the vendor's JSON (<see cref="DocScanErrorKind.InvalidResponse"/>), or it reports that
    /// processing failed (the same kinds as a synchronous call, for example <see cref="DocScanErrorKind.ServerError"/> for 52004).
    /// </exception>
    public static ProcessImageRemoveWatermarkResult Parse(ReadOnlySpan<byte> body) => Parse(body, TimeProvider.System);

    /// <summary>Reads and parses a callback body, such as ASP.NET Core's <c>HttpRequest.Body</c>.</summary>
    /// <param name="body">The request body; read to its end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result, as <see cref="IProcessImageClient.RemoveWatermarkAsync"/> returns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="DocScanException">The body is larger than <see cref="MaxBodyBytes"/>, empty, not the vendor's JSON, or reports a failure.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ProcessImageRemoveWatermarkResult> ParseAsync(Stream body, CancellationToken cancellationToken = default)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await body.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > MaxBodyBytes)
            {
                throw Fail(DocScanErrorKind.InvalidResponse, $"the callback body is larger than {MaxBodyBytes} bytes; it is not a processimage.cn result.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), TimeProvider.System);
    }

    internal static ProcessImageRemoveWatermarkResult Parse(ReadOnlySpan<byte> body, TimeProvider time)
    {
        if (body.IsEmpty)
        {
            throw Fail(DocScanErrorKind.InvalidResponse, "the callback body is empty; expected processimage.cn's JSON result.");
        }

        ProcessImageEnvelope? envelope;
        try
        {
            envelope = Utf8Json.Deserialize(body, ProcessImageJsonContext.Default.ProcessImageEnvelope);
        }
        catch (JsonException e)
        {
            throw new DocScanException(DocScanErrorKind.InvalidResponse, "the callback body is not processimage.cn's JSON result: " + ResponseBody.Excerpt(body), e)
            {
                Vendor = ProcessImageClient.VendorName,
                Operation = Operation,
                Failure = FailureClass.Permanent,
            };
        }

        if (envelope is null || (envelope.HttpCode is null && envelope.Data is null))
        {
            throw Fail(DocScanErrorKind.InvalidResponse, "the callback body has neither httpCode nor data: " + ResponseBody.Excerpt(body));
        }

        ProcessImageRemoveWatermarkResult result;
        try
        {
            result = ProcessImageErrors.Interpret(envelope, 200, null, ProcessImageExpect.Callback, tokenMode: false, time.GetUtcNow(), body).ToRemoved();
        }
        catch (DocScanException e)
        {
            e.Stamp(ProcessImageClient.VendorName, Operation, null, null, 0);
            throw;
        }

        result.Stamp(ProcessImageClient.VendorName, Operation, 0, null, 0, TimeSpan.Zero);
        return result;
    }

    private static DocScanException Fail(DocScanErrorKind kind, string message)
        => new(kind, message) { Vendor = ProcessImageClient.VendorName, Operation = Operation, Failure = FailureClass.Permanent };
}
