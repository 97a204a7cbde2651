using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Esign;

/// <summary>The e签宝 general OCR client. Thread-safe; create one and reuse it.</summary>
/// <remarks>
/// <para>Signature mode (the default) signs every attempt afresh; OAuth2 mode shares one cached token per client.
/// A client made with a public constructor owns its connections: dispose it when done. In an application with a
/// container, use <c>services.AddDocScanClients(...)</c> and inject <see cref="IEsignClient"/>.</para>
/// Every operation is <see langword="virtual"/> so tests can derive from the client (see the protected constructor).
/// </remarks>
public class EsignClient : IEsignClient, IDisposable
{
    internal const string VendorName = "Esign";
    internal const string OcrPath = "/v2/identity/auth/api/ocr/generalcharacters";

    internal static readonly VendorDefinition<EsignClientOptions> Definition = new(
        VendorName,
        static (options, services) => options.AuthMode == EsignAuthMode.OAuth2
            ? new EsignTokenAuthenticator(options, services)
            : new EsignSignatureAuthenticator(options, services.Time),
        new[] { "X-Tsign-Trace-Id" },
        static options => options.AppId);

    private static readonly ImageFormat[] Formats = { ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp };

    // A multiple of 3, so every chunk but the last encodes without padding.

    private readonly VendorPipeline _pipeline;
    private readonly EsignClientOptions _options;
    private readonly EsignErrors.Map _errors;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The app id, secret, environment and settings; validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public EsignClient(EsignClientOptions options)
        : this(options, VendorPipeline.Create(Definition, options, null, null, null))
    {
    }

    /// <summary>Creates a client that sends through <paramref name="transport"/> (a proxy handler, a test double).</summary>
    /// <param name="options">The app id, secret, environment and settings; validated here.</param>
    /// <param name="transport">The innermost handler; not disposed by the client.</param>
    /// <param name="loggerFactory">Where logs go, or null for none.</param>
    /// <param name="timeProvider">The clock for timestamps, token expiry, timeouts, backoff and rate limits, or null for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="transport"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public EsignClient(EsignClientOptions options, HttpMessageHandler transport, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(options, VendorPipeline.Create(Definition, options, transport ?? throw new ArgumentNullException(nameof(transport)), loggerFactory, timeProvider))
    {
    }

    /// <summary>For mocking: a client with no options and no connections. Members that are not overridden fail.</summary>
    protected EsignClient()
    {
        _options = null!;
        _errors = null!;
        _pipeline = null!;
    }

    internal EsignClient(EsignClientOptions options, VendorPipeline pipeline)
    {
        _options = options;
        _errors = new EsignErrors.Map(options);
        _pipeline = pipeline;
    }

    /// <inheritdoc />
    public virtual async Task<EsignRecognizeTextResult> RecognizeTextAsync(ImageInput image, EsignRecognizeTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        const string Operation = "RecognizeText";
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        if (image.IsUrl)
        {
            throw new DocScanException(DocScanErrorKind.InvalidRequest, "e签宝 takes the image itself (Base64), not a URL; download it first or use ImageInput.FromFile/FromBytes/FromStream.")
            {
                Vendor = VendorName,
                Operation = Operation,
            };
        }

        string limit = ImageInput.DescribeSize(_options.MaxImageBytes);
        var prepared = await image.EnsureAcceptedAsync(VendorName, Operation, Formats, _options.MaxImageBytes, $"compress it (JPEG quality, or a resolution near 600×800) to under {limit} first", cancellationToken).ConfigureAwait(false);

        // The body is made once per call, so Content-MD5, the signature and the bytes sent always agree.
        byte[] body;
        try
        {
            body = await BuildBodyAsync(prepared, options?.RequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageReadException e)
        {
            throw e.ToDocScanException(VendorName, Operation);
        }
        string contentMd5 = EsignSigner.ComputeContentMd5(body);
        var request = new DocScanRequest(Operation, HttpMethod.Post, OcrPath, OperationCharge.Charged)
        {
            Content = () => new EsignJsonContent(body, contentMd5),
        };
        request.State.Set(EsignJsonContent.ContentMd5, contentMd5);
        return await _pipeline.SendAsync(request, ReadAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the connections of a client made with a public constructor.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connections when <paramref name="disposing"/>; a derived client overrides it to release its own.</summary>
    /// <param name="disposing">Whether this is <see cref="Dispose()"/> rather than a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }
    }

    /// <summary>
    /// <c>{"requestId":"…","image":"&lt;Base64&gt;"}</c> as UTF-8 bytes, the Base64 encoded straight from the image's bytes
    /// into the body (never a .NET string).
    /// </summary>
    internal static async ValueTask<byte[]> BuildBodyAsync(PreparedImage image, string? requestId, CancellationToken cancellationToken)
    {
        long length = image.Length;
        byte[] head;
        using (var ms = new MemoryStream(64))
        {
            using (var writer = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JsonDefaults.Encoder }))
            {
                writer.WriteStartObject();
                if (requestId is not null)
                {
                    writer.WriteString("requestId", requestId);
                }

                writer.WriteString("image", string.Empty);
                writer.Flush();
            }

            // The head ends with `""`: keep the opening quote only.
            head = ms.GetBuffer().AsSpan(0, (int)ms.Length - 1).ToArray();
        }

        long total = head.Length + Base64JsonContent.Base64Length(length) + 2;
        if (total > int.MaxValue)
        {
            throw new InvalidOperationException("The image is too large to send in one JSON body.");
        }

        var body = new byte[total];
        head.CopyTo(body, 0);
        int base64Length = (int)Base64JsonContent.Base64Length(length);
        using (var base64 = new MemoryStream(body, head.Length, base64Length, writable: true))
        {
            try
            {
                await Base64JsonContent.WriteBase64Async(image, base64, cancellationToken).ConfigureAwait(false);
            }
            catch (NotSupportedException)
            {
                throw ImageChanged(); // more bytes than its length said: the fixed-size body cannot grow
            }

            if (base64.Position != base64Length)
            {
                throw ImageChanged();
            }
        }

        body[total - 2] = (byte)'"';
        body[total - 1] = (byte)'}';
        return body;
    }

    private static DocScanException ImageChanged()
        => new(DocScanErrorKind.InvalidRequest, "the image's length changed while it was read; do not modify the file or stream during a call.")
        {
            Vendor = VendorName,
            Operation = "RecognizeText",
        };

    private async ValueTask<EsignRecognizeTextResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var answer = await VendorResponse.ReadAsync(response, _errors, _pipeline.Time, cancellationToken).ConfigureAwait(false);
        var data = answer.Envelope?.Data ?? throw answer.Body.Invalid("the response has no data", null);
        return ToResult(data);
    }

    /// <summary>
    /// Parses an answer (invalid UTF-8 repaired first, so it never escapes as <see cref="InvalidOperationException"/>).
    /// When it is not that JSON: null if <paramref name="nullIfNotJson"/> (an error status speaks for itself), else
    /// <see cref="DocScanErrorKind.InvalidResponse"/>.
    /// </summary>
    internal static T? Parse<T>(ResponseBody body, JsonTypeInfo<T> typeInfo, bool nullIfNotJson, string what)
        where T : class
        => body.Deserialize(typeInfo, nullIfNotJson, what, repairInvalidUtf8: true);

    internal static EsignRecognizeTextResult ToResult(EsignOcrData data)
    {
        var lines = new List<EsignTextLine>(data.TextDetections?.Count ?? 0);
        bool allIndexed = true;
        foreach (var d in data.TextDetections ?? new List<EsignWireDetection?>())
        {
            if (d is null)
            {
                continue;
            }

            int? index = int.TryParse(d.AdvancedInfo?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int i) ? i : null;
            allIndexed &= index is not null;
            var points = ToPoints(d.Polygon);
            lines.Add(new EsignTextLine
            {
                Index = index,
                AdvancedInfo = d.AdvancedInfo,
                Text = d.DetectedText ?? string.Empty,
                Box = d.ItemPolygon?.Rect is { } r ? new EsignTextBox(r.X ?? 0, r.Y ?? 0, r.Width ?? 0, r.Height ?? 0) : null,
                ItemPolygonText = d.ItemPolygon?.Raw,
                Polygon = points,
                AdditionalData = d.Extra ?? (IReadOnlyDictionary<string, JsonElement>)new Dictionary<string, JsonElement>(),
            });
        }

        if (allIndexed && lines.Count > 1)
        {
            // Reading order by sequence number; equal numbers keep the vendor's order.
            var ordered = new List<(EsignTextLine Line, int Position)>(lines.Count);
            for (int k = 0; k < lines.Count; k++)
            {
                ordered.Add((lines[k], k));
            }

            ordered.Sort(static (a, b) =>
            {
                int c = a.Line.Index!.Value.CompareTo(b.Line.Index!.Value);
                return c != 0 ? c : a.Position.CompareTo(b.Position);
            });
            for (int k = 0; k < lines.Count; k++)
            {
                lines[k] = ordered[k].Line;
            }
        }

        return new EsignRecognizeTextResult
        {
            VerifyId = data.VerifyId,
            Angle = data.Angle,
            Lines = lines,
            AdditionalData = data.Extra ?? (IReadOnlyDictionary<string, JsonElement>)new Dictionary<string, JsonElement>(),
        };
    }

    private static ImagePoint[] ToPoints(List<EsignWirePoint?>? polygon)
    {
        if (polygon is null || polygon.Count == 0)
        {
            return Array.Empty<ImagePoint>();
        }

        var points = new List<ImagePoint>(polygon.Count);
        foreach (var p in polygon)
        {
            if (p?.X is { } x && p.Y is { } y)
            {
                points.Add(new ImagePoint(x, y));
            }
        }

        return points.ToArray();
    }
}
