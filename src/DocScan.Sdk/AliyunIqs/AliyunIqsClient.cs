using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>The Aliyun IQS ScanFile client. Thread-safe; create one and reuse it.</summary>
/// <remarks>
/// A client made with a public constructor owns its connections: dispose it when done. In an application
/// with a container, use <c>services.AddDocScanClients(...)</c> and inject <see cref="IAliyunIqsClient"/>.
/// Every operation is <see langword="virtual"/> so tests can derive from the client (see the protected constructor).
/// </remarks>
public class AliyunIqsClient : IAliyunIqsClient, IDisposable
{
    internal const string VendorName = "AliyunIqs";

    internal static readonly VendorDefinition<AliyunIqsClientOptions> Definition = new(
        VendorName,
        static (options, _) => options.AuthScheme == AliyunIqsAuthScheme.XApiKey
            ? new HeaderKeyAuthenticator(VendorName, "X-API-Key", null, () => options.ApiKey, "DocScan:AliyunIqs:ApiKey")
            : new HeaderKeyAuthenticator(VendorName, "Authorization", "Bearer", () => options.ApiKey, "DocScan:AliyunIqs:ApiKey"),
        new[] { "x-acs-request-id" },
        static options => options.ApiKey);

    private const string Operation = "ScanFile";
    private const string Path = "/scan/file";

    /// <summary>The largest <c>searchTime</c> kept, 10^14 ms (about 3,170 years, well inside <see cref="TimeSpan.MaxValue"/>).</summary>
    private const double MaxSearchTimeMilliseconds = 1e14;
    private static readonly ImageFormat[] Formats = { ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp, ImageFormat.WebP };

    private readonly VendorPipeline _pipeline;
    private readonly AliyunIqsClientOptions _options;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The API key and settings; validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public AliyunIqsClient(AliyunIqsClientOptions options)
        : this(options, VendorPipeline.Create(Definition, options, null, null, null))
    {
    }

    /// <summary>Creates a client that sends through <paramref name="transport"/> (a proxy handler, a test double).</summary>
    /// <param name="options">The API key and settings; validated here.</param>
    /// <param name="transport">The innermost handler; not disposed by the client.</param>
    /// <param name="loggerFactory">Where logs go, or null for none.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and rate limits, or null for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="transport"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public AliyunIqsClient(AliyunIqsClientOptions options, HttpMessageHandler transport, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(options, VendorPipeline.Create(Definition, options, transport ?? throw new ArgumentNullException(nameof(transport)), loggerFactory, timeProvider))
    {
    }

    /// <summary>For mocking: a client with no options and no connections. Members that are not overridden fail.</summary>
    protected AliyunIqsClient()
    {
        _options = null!;
        _pipeline = null!;
    }

    internal AliyunIqsClient(AliyunIqsClientOptions options, VendorPipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
    }

    /// <inheritdoc />
    public virtual async Task<AliyunIqsScanFileResult> ScanFileAsync(ImageInput image, AliyunIqsScanFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        DocScanRequest request;
        if (image.IsUrl)
        {
            // AbsoluteUri is the escaped form (a space goes as %20), so the JSON string holds a valid URL; escapes the
            // caller wrote (a signed query) are kept as written.
            var json = UrlBody(image.Url!.AbsoluteUri, options);
            request = new DocScanRequest(Operation, HttpMethod.Post, Path, OperationCharge.Charged) { JsonBody = json };
        }
        else
        {
            var prepared = await image.EnsureAcceptedAsync(VendorName, Operation, Formats, _options.MaxImageBytes, "compress it, or pass an image URL instead", cancellationToken).ConfigureAwait(false);

            // imageBase64 is encoded from the image while each attempt's body is written; scanFileInputConfig once per call.
            var body = new Base64JsonContent.Template(prepared, "imageBase64", dataPrefix: null, writer => WriteConfig(writer, options));
            request = new DocScanRequest(Operation, HttpMethod.Post, Path, OperationCharge.Charged) { Content = body.Create };
        }

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

    /// <summary>Writes <c>scanFileInputConfig</c> with only the values the caller set, as strings; nothing when none is set.</summary>
    private static void WriteConfig(Utf8JsonWriter writer, AliyunIqsScanFileOptions? options)
    {
        if (options is null || (options.AutoCrop is null && options.AutoRotate is null))
        {
            return;
        }

        writer.WriteStartObject("scanFileInputConfig");
        if (options.AutoCrop is { } crop)
        {
            writer.WriteString("autoCrop", crop.Value);
        }

        if (options.AutoRotate is { } rotate)
        {
            writer.WriteString("autoRotate", rotate.Value);
        }

        writer.WriteEndObject();
    }

    private static byte[] UrlBody(string url, AliyunIqsScanFileOptions? options)
    {
        using var buffer = new MemoryStream(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonDefaults.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("imageUrl", url);
            WriteConfig(writer, options);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async ValueTask<AliyunIqsScanFileResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var answer = await VendorResponse.ReadAsync(response, AliyunIqsErrors.Map.Instance, _pipeline.Time, cancellationToken).ConfigureAwait(false);
        var body = answer.Body;
        var wire = answer.Envelope ?? throw body.Invalid("the response body is empty or null", null);
        if (wire.ScanFileInfoList is null)
        {
            throw body.Invalid("the response has no scanFileInfoList", null);
        }

        var pages = new List<AliyunIqsScannedPage>(wire.ScanFileInfoList.Count);
        foreach (var page in wire.ScanFileInfoList)
        {
            if (page?.ImageBase64 is not { } image)
            {
                throw body.Invalid("a page in scanFileInfoList has no imageBase64", null);
            }

            pages.Add(new AliyunIqsScannedPage { Angle = page.Angle, Width = page.Width, Height = page.Height, Image = image });
        }

        return new AliyunIqsScanFileResult
        {
            RequestId = string.IsNullOrEmpty(wire.RequestId) ? null : wire.RequestId,
            Pages = pages,
            SearchTime = ToSearchTime(wire.SearchInformation?.SearchTime),
            AdditionalData = DocScanResult.Unknown(wire.Extra),
        };
    }

    /// <summary>
    /// <c>searchTime</c> (milliseconds) as a <see cref="TimeSpan"/>; null when absent, negative, not finite or beyond
    /// <see cref="MaxSearchTimeMilliseconds"/> (a value TimeSpan cannot hold, or nonsense): it is informational only.
    /// </summary>
    internal static TimeSpan? ToSearchTime(JsonElement? value)
    {
        double ms;
        switch (value)
        {
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out ms):
                break;
            case { ValueKind: JsonValueKind.String } text when double.TryParse(TextOf(text), NumberStyles.Float, CultureInfo.InvariantCulture, out ms):
                break;
            default:
                return null;
        }

        return ms >= 0 && ms <= MaxSearchTimeMilliseconds ? TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond)) : null;
    }

    /// <summary>A string element's text, or null when it is not valid UTF-8 (the reader throws only when it decodes it).</summary>
    private static string? TextOf(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    internal static string? CodeOf(AliyunIqsResponse? wire)
    {
        if (wire is null)
        {
            return null;
        }

        string? code = wire.Code is { } element
            ? element.ValueKind switch
            {
                JsonValueKind.String => TextOf(element),
                JsonValueKind.Number => element.GetRawText(),
                _ => null,
            }
            : null;
        code ??= wire.ErrorCode;
        return string.IsNullOrEmpty(code) ? null : code;
    }

}
