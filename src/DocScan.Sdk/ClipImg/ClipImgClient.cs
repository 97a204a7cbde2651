using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.ClipImg;

/// <summary>The ClipImg 可立图 client. Thread-safe; create one and reuse it.</summary>
/// <remarks>
/// A client made with a public constructor owns its connections: dispose it when done. In an application
/// with a container, use <c>services.AddDocScanClients(...)</c> and inject <see cref="IClipImgClient"/>.
/// Every operation is <see langword="virtual"/> so tests can derive from the client (see the protected constructor).
/// </remarks>
public class ClipImgClient : IClipImgClient, IDisposable
{
    internal const string VendorName = "ClipImg";

    internal static readonly VendorDefinition<ClipImgClientOptions> Definition = new(
        VendorName,
        static (options, _) => new HeaderKeyAuthenticator(VendorName, "X-API-Key", null, () => options.ApiKey, "DocScan:ClipImg:ApiKey"),
        new[] { "X-Request-Id" },
        static options => options.ApiKey);

    private static readonly ImageFormat[] ScanFormats = { ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp, ImageFormat.WebP };
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly VendorPipeline _pipeline;
    private readonly ClipImgClientOptions _options;

    // The crop answer's reader, made once: a lambda using the client would be a new delegate on every call.
    private readonly Func<HttpResponseMessage, CancellationToken, ValueTask<ClipImgCropResult>> _readCrop;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The API key and settings; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ClipImgClient(ClipImgClientOptions options)
        : this(options, VendorPipeline.Create(Definition, options, null, null, null))
    {
    }

    /// <summary>Creates a client that sends through <paramref name="transport"/> (a proxy handler, a test double).</summary>
    /// <param name="options">The API key and settings; validated here.</param>
    /// <param name="transport">The innermost handler; not disposed by the client.</param>
    /// <param name="loggerFactory">Where logs go, or null for none.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and rate limits, or null for the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ClipImgClient(ClipImgClientOptions options, HttpMessageHandler transport, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(options, VendorPipeline.Create(Definition, options, transport ?? throw new ArgumentNullException(nameof(transport)), loggerFactory, timeProvider))
    {
    }

    /// <summary>For mocking: a client with no options and no connections. Members that are not overridden fail.</summary>
    protected ClipImgClient()
    {
        _options = null!;
        _pipeline = null!;
        _readCrop = null!;
    }

    internal ClipImgClient(ClipImgClientOptions options, VendorPipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
        _readCrop = ReadCropAsync;
    }

    /// <inheritdoc />
    public virtual async Task<ClipImgScanResult> ScanAsync(ImageInput image, ClipImgScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        const string Operation = "Scan";
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        if (image.IsUrl)
        {
            throw Invalid(Operation, "ClipImg takes the image itself, not a URL; download it first or use ImageInput.FromFile/FromBytes/FromStream.");
        }

        if (options?.Dpi is <= 0)
        {
            throw Invalid(Operation, $"options.Dpi must be positive; got {options.Dpi}.");
        }

        // Layout checks the card type; Scan sends it too, so an undefined value must not go out unchecked.
        if (options?.CardType is { } scanCardType && ClipImgArguments.CardTypeProblem(scanCardType, "options.CardType") is { } cardTypeProblem)
        {
            throw Invalid(Operation, cardTypeProblem);
        }

        var prepared = await image.EnsureAcceptedAsync(VendorName, Operation, ScanFormats, _options.MaxImageBytes, "compress it first (the vendor advises under 4 MB)", cancellationToken).ConfigureAwait(false);

        // Base64 without a data: prefix, streamed from the image; the other fields are written once per call.
        var body = new Base64JsonContent.Template(prepared, "file", dataPrefix: null, writer =>
        {
            if (options?.CardType is { } cardType)
            {
                writer.WriteNumber("card_type", (int)cardType);
            }

            if (options?.Dpi is { } dpi)
            {
                writer.WriteNumber("dpi", dpi);
            }
        });
        var request = new DocScanRequest(Operation, HttpMethod.Post, "/api/pic/scan", OperationCharge.Free) { Content = body.Create };
        return await _pipeline.SendAsync(request, async (response, ct) =>
        {
            using var data = await ReadDataAsync(response, ct).ConfigureAwait(false);
            return new ClipImgScanResult
            {
                ImageId = data.Value.ImageId ?? throw data.Missing("image_id"),
                Corners = ToQuad(data.Value.Points) ?? throw data.Missing("points"),
                File = ToFile(data.Value.Filenames) ?? throw data.Missing("filenames"),
                ExpiresAt = _pipeline.Time.GetUtcNow() + Retention,
                AdditionalData = DocScanResult.Unknown(data.Value.Extra),
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual Task<ClipImgCropResult> CropAsync(string imageId, Quad corners, ClipImgCropOptions? options = null, CancellationToken cancellationToken = default)
    {
        const string Operation = "Crop";
        if (ClipImgArguments.IdProblem(imageId) is { } idProblem)
        {
            throw new ArgumentException(idProblem, nameof(imageId));
        }

        // Checked here so that the caller reads which parameter is wrong, not System.Text.Json's message about a number.
        var cardType = options?.CardType;
        string? problem = ClipImgArguments.CornersProblem(corners, nameof(corners))
            ?? (cardType is { } type ? ClipImgArguments.CardTypeProblem(type, "options.CardType") : null);
        if (problem is not null)
        {
            throw Invalid(Operation, problem);
        }

        // {"image_id":…,"points":[[x,y]×4],"card_type":…}, written directly: no arrays of arrays per call.
        var bytes = JsonDefaults.Write((imageId, corners, cardType), static (writer, body) =>
        {
            writer.WriteStartObject();
            writer.WriteString("image_id", body.imageId);
            writer.WriteStartArray("points");
            WritePoint(writer, body.corners.TopLeft);
            WritePoint(writer, body.corners.TopRight);
            WritePoint(writer, body.corners.BottomRight);
            WritePoint(writer, body.corners.BottomLeft);
            writer.WriteEndArray();
            if (body.cardType is { } type)
            {
                writer.WriteNumber("card_type", (int)type);
            }

            writer.WriteEndObject();
        });
        var request = new DocScanRequest(Operation, HttpMethod.Post, "/api/pic/scan/auto_crop", OperationCharge.Free) { JsonBody = bytes };
        return _pipeline.SendAsync(request, _readCrop, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<ClipImgLayoutResult> LayoutAsync(ClipImgLayoutRequest request, CancellationToken cancellationToken = default)
    {
        const string Operation = "Layout";
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        CheckLayout(request, Operation);
        var list = new List<ClipImgLayoutItemBody>(request.Items.Count);
        foreach (var item in request.Items)
        {
            list.Add(new ClipImgLayoutItemBody { ImageId = item.ImageId, Points = ToWire(item.Corners) });
        }

        var bytes = JsonDefaults.Serialize(
            new ClipImgLayoutBody
            {
                CardType = (int)request.CardType,
                List = list,
                SizeWidth = request.PageWidth,
                SizeHeight = request.PageHeight,
                ShadowRemove = request.RemoveShadow ? 1 : 0,
            },
            ClipImgJsonContext.Default.ClipImgLayoutBody);
        bool document = request.CardType == ClipImgCardType.Document;
        var call = new DocScanRequest(Operation, HttpMethod.Post, "/api/pic/scan/auto_crop_imgs", OperationCharge.Free) { JsonBody = bytes };
        return _pipeline.SendAsync(call, async (response, ct) =>
        {
            using var data = await ReadDataAsync(response, ct).ConfigureAwait(false);
            var expires = _pipeline.Time.GetUtcNow() + Retention;

            // Documents answer {imgs:[…], pdf:{…}}; card types answer the four link fields directly.
            if (document || data.Value.Imgs is not null)
            {
                var pages = new List<ClipImgFile>();
                foreach (var img in data.Value.Imgs ?? throw data.Missing("imgs"))
                {
                    pages.Add(ToFile(img) ?? throw data.Missing("imgs[].img_name"));
                }

                return new ClipImgLayoutResult { Pages = pages, Pdf = ToFile(data.Value.Pdf), ExpiresAt = expires, AdditionalData = DocScanResult.Unknown(data.Value.Extra) };
            }

            return new ClipImgLayoutResult
            {
                Pages = new[] { ToFile(data.Value) ?? throw data.Missing("img_name") },
                ExpiresAt = expires,
                AdditionalData = DocScanResult.Unknown(data.Value.Extra),
            };
        }, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<ClipImgGetPreviewResult> GetPreviewAsync(string previewName, Stream destination, CancellationToken cancellationToken = default)
        => CopyFileAsync("GetPreview", HttpMethod.Get, "/api/pic/scan/preview/", previewName, nameof(previewName), destination, OperationCharge.Free,
            static (type, written) => new ClipImgGetPreviewResult { ContentType = type, BytesWritten = written }, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ClipImgDownloadResult> DownloadAsync(string name, Stream destination, CancellationToken cancellationToken = default)
        => CopyFileAsync("Download", HttpMethod.Post, "/api/pic/scan/download/", name, nameof(name), destination, OperationCharge.ChargedIdempotent,
            static (type, written) => new ClipImgDownloadResult { ContentType = type, BytesWritten = written }, cancellationToken);

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

    private Task<T> CopyFileAsync<T>(string operation, HttpMethod method, string prefix, string name, string parameter, Stream destination, OperationCharge charge, Func<string?, long, T> create, CancellationToken cancellationToken)
        where T : DocScanResult
    {
        if (ClipImgArguments.NameProblem(name) is { } nameProblem)
        {
            throw new ArgumentException(nameProblem, parameter);
        }

        StreamedDownload.CheckDestination(destination, nameof(destination));

        // Download is a POST with an empty body, as in the vendor's samples.
        var request = new DocScanRequest(operation, method, prefix + Uri.EscapeDataString(name), charge) { StreamsResponse = true };
        return StreamedDownload.CopyToAsync(_pipeline, request, async (response, ct) =>
        {
            if (!response.IsSuccessStatusCode || IsJson(response.Content.Headers.ContentType?.MediaType))
            {
                // Binary endpoints answer errors as JSON or as a bare status; either way this throws.
                using var data = await ReadDataAsync(response, ct).ConfigureAwait(false);
                throw data.Unexpected("ClipImg answered with JSON instead of the file");
            }
        }, destination, create, cancellationToken);
    }

    private async ValueTask<ClipImgCropResult> ReadCropAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var data = await ReadDataAsync(response, cancellationToken).ConfigureAwait(false);
        return new ClipImgCropResult
        {
            File = ToFile(data.Value) ?? throw data.Missing("img_name"),
            ExpiresAt = _pipeline.Time.GetUtcNow() + Retention,
            AdditionalData = DocScanResult.Unknown(data.Value.Extra),
        };
    }

    /// <summary>Reads the envelope; throws the mapped error for a non-zero code or a failed status. Dispose the reader to return the body's buffer.</summary>
    private async ValueTask<DataReader> ReadDataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var answer = await VendorResponse.ReadAsync(response, ClipImgErrors.Map.Instance, _pipeline.Time, cancellationToken).ConfigureAwait(false);
        if (answer.Envelope?.Data is not { } data)
        {
            using (answer)
            {
                throw answer.Body.Invalid("the response has no data", null);
            }
        }

        return new DataReader(data, answer);
    }

    private void CheckLayout(ClipImgLayoutRequest request, string operation)
    {
        int count = request.Items.Count;
        string? problem = request.CardType switch
        {
            ClipImgCardType.IdCard or ClipImgCardType.HouseholdRegister or ClipImgCardType.DriverLicense or ClipImgCardType.BankCard when count != 2
                => $"a {request.CardType} layout takes exactly 2 images (front and back); got {count}.",
            ClipImgCardType.Passport when count != 1 => $"a Passport layout takes exactly 1 image; got {count}.",
            ClipImgCardType.Document when count is < 1 or > 9 => $"a Document layout takes 1 to 9 pages; got {count}.",
            ClipImgCardType.VehicleLicense when count < 1 => "a layout needs at least one image.",
            _ => ClipImgArguments.CardTypeProblem(request.CardType, "request.CardType"),
        };
        if (problem is null && request.CardType != ClipImgCardType.Document && (request.PageWidth is not null || request.PageHeight is not null))
        {
            problem = "a custom page size applies to Document layouts only.";
        }

        problem ??= PageSizeProblem(request.PageWidth, "request.PageWidth") ?? PageSizeProblem(request.PageHeight, "request.PageHeight");
        for (int i = 0; i < count && problem is null; i++)
        {
            var item = request.Items[i];
            string parameter = "request.Items[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            problem = item is null
                ? parameter + " is null; every layout item needs an image id from ScanAsync."
                : ClipImgArguments.IdProblem(item.ImageId) is { } idProblem
                    ? parameter + ".ImageId: " + idProblem
                    : ClipImgArguments.CornersProblem(item.Corners, parameter + ".Corners");
        }

        if (problem is not null)
        {
            throw Invalid(operation, problem);
        }
    }

    private static string? PageSizeProblem(double? size, string parameter)
        => size is not { } value ? null
            : !ClipImgArguments.IsFinite(value) || value <= 0 ? $"{parameter} must be a positive, finite number; got {value.ToString(CultureInfo.InvariantCulture)}."
            : null;

    private static DocScanException Invalid(string operation, string message)
        => new(DocScanErrorKind.InvalidRequest, message) { Vendor = VendorName, Operation = operation };

    private static bool IsJson(string? mediaType)
        => mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));


    private static void WritePoint(Utf8JsonWriter writer, ImagePoint point)
    {
        writer.WriteStartArray();
        WriteCoordinate(writer, point.X);
        WriteCoordinate(writer, point.Y);
        writer.WriteEndArray();
    }

    /// <summary>
    /// A coordinate as the serializer writes a double, but a whole number (pixel coordinates usually are) through the
    /// integer formatter, which is several times cheaper; the text is the same for whole numbers below 10^15 (not -0).
    /// </summary>
    private static void WriteCoordinate(Utf8JsonWriter writer, double value)
    {
        if (value is > -1e15 and < 1e15 && value == Math.Floor(value) && BitConverter.DoubleToInt64Bits(value) != NegativeZeroBits)
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static readonly long NegativeZeroBits = BitConverter.DoubleToInt64Bits(-0.0);

    private static double[][] ToWire(Quad q)
    {
        var result = new double[4][];
        var points = q.ToArray();
        for (int i = 0; i < 4; i++)
        {
            result[i] = new[] { points[i].X, points[i].Y };
        }

        return result;
    }

    private static Quad? ToQuad(double[][]? points)
    {
        if (points is not { Length: 4 })
        {
            return null;
        }

        var corners = new ImagePoint[4];
        for (int i = 0; i < 4; i++)
        {
            if (points[i] is not { Length: >= 2 } p)
            {
                return null;
            }

            corners[i] = new ImagePoint(p[0], p[1]);
        }

        return Quad.FromPoints(corners);
    }

    private static ClipImgFile? ToFile(ClipImgWireFile? f)
        => f?.ImgName is null ? null : File(f.PreviewUrl, f.DownloadUrl, f.PreviewImgName, f.ImgName);

    private static ClipImgFile? ToFile(ClipImgData d)
        => d.ImgName is null ? null : File(d.PreviewUrl, d.DownloadUrl, d.PreviewImgName, d.ImgName);

    private static ClipImgFile File(string? preview, string? download, string? previewName, string name) => new()
    {
        PreviewUrlText = preview,
        DownloadUrlText = download,
        PreviewName = previewName ?? string.Empty,
        Name = name,
    };

    /// <summary>A parsed <c>data</c> object and the body it came from, quoted (only) in errors about missing fields.</summary>
    private readonly struct DataReader : IDisposable
    {
        private readonly VendorAnswer<ClipImgEnvelope> _answer;

        public DataReader(ClipImgData value, VendorAnswer<ClipImgEnvelope> answer)
        {
            Value = value;
            _answer = answer;
        }

        public ClipImgData Value { get; }

        public DocScanException Missing(string field) => Unexpected($"the response has no '{field}'");

        public DocScanException Unexpected(string what) => _answer.Body.Invalid(what, null);

        public void Dispose() => _answer.Dispose();
    }
}
