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

namespace DocScan.Sdk.ProcessImage;

/// <summary>The processimage.cn watermark removal client. Thread-safe; create one and reuse it.</summary>
/// <remarks>
/// A client made with a public constructor owns its connections (and, in token mode, its cached token): dispose it
/// when done. In an application with a container, use <c>services.AddDocScanClients(...)</c> and inject
/// <see cref="IProcessImageClient"/>. Every operation is <see langword="virtual"/> so tests can derive from the client
/// (see the protected constructor).
/// </remarks>
public class ProcessImageClient : IProcessImageClient, IDisposable
{
    internal const string VendorName = "ProcessImage";

    internal static readonly VendorDefinition<ProcessImageClientOptions> Definition = new(
        VendorName,
        static (options, services) => options.AuthMode == ProcessImageAuthMode.Token
            ? new TokenAuthenticator(options, services)
            : new SignatureAuthenticator(options),
        Array.Empty<string>(),
        static options => options.AppId);

    private static readonly ImageFormat[] Formats = { ImageFormat.Png, ImageFormat.Bmp, ImageFormat.Jpeg };

    private readonly VendorPipeline _pipeline;
    private readonly ProcessImageClientOptions _options;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The credentials and settings; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ProcessImageClient(ProcessImageClientOptions options)
        : this(options, VendorPipeline.Create(Definition, options, null, null, null))
    {
    }

    /// <summary>Creates a client that sends through <paramref name="transport"/> (a proxy handler, a test double).</summary>
    /// <param name="options">The credentials and settings; validated here.</param>
    /// <param name="transport">The innermost handler; not disposed by the client.</param>
    /// <param name="loggerFactory">Where logs go, or null for none.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff, rate limits and token expiry, or null for the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ProcessImageClient(ProcessImageClientOptions options, HttpMessageHandler transport, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(options, VendorPipeline.Create(Definition, options, transport ?? throw new ArgumentNullException(nameof(transport)), loggerFactory, timeProvider))
    {
    }

    /// <summary>For mocking: a client with no options and no connections. Members that are not overridden fail.</summary>
    protected ProcessImageClient()
    {
        _options = null!;
        _pipeline = null!;
    }

    internal ProcessImageClient(ProcessImageClientOptions options, VendorPipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
    }

    /// <summary>Makes the salt of each signed attempt (tests replace it).</summary>
    internal Func<int> NewSalt { get; set; } = ProcessImageSigning.NewSalt;

    // Charged, not "charged but idempotent": the vendor's 5-hour cache answers a repeat with 304 only once the first
    // request has finished, so a retry after a timeout, reset or 5xx (the first may still be processing) can be charged
    // again. Ambiguous failures are therefore retried only with Retry:RetryAmbiguousFailures; 52003/52004 and 429/503
    // (documented as not processed) still are.

    /// <inheritdoc />
    public virtual async Task<ProcessImageRemoveWatermarkResult> RemoveWatermarkAsync(ImageInput image, ProcessImageRemoveWatermarkOptions? options = null, CancellationToken cancellationToken = default)
        => (await ProcessAsync("RemoveWatermark", image, options?.Settings(), null, ProcessImageExpect.Removed, cancellationToken).ConfigureAwait(false)).ToRemoved();

    /// <inheritdoc />
    public virtual async Task<ProcessImageDetectResult> DetectAsync(ImageInput image, ProcessImageDetectOptions? options = null, CancellationToken cancellationToken = default)
        => (await ProcessAsync("Detect", image, options?.Settings(), null, ProcessImageExpect.Detected, cancellationToken).ConfigureAwait(false)).ToDetected();

    /// <inheritdoc />
    public virtual async Task<ProcessImageSubmitResult> SubmitAsync(ImageInput image, Uri callbackUrl, ProcessImageSubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (callbackUrl is null)
        {
            throw new ArgumentNullException(nameof(callbackUrl));
        }

        if (!callbackUrl.IsAbsoluteUri || (callbackUrl.Scheme != Uri.UriSchemeHttp && callbackUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The callback URL must be an absolute http or https URL.", nameof(callbackUrl));
        }

        // A repeat after an ambiguous failure could make the vendor call back twice: charged, no ambiguous retries.
        return (await ProcessAsync("Submit", image, options?.Settings(), callbackUrl, ProcessImageExpect.Submitted, cancellationToken).ConfigureAwait(false)).ToSubmitted();
    }

    /// <inheritdoc />
    public virtual Task<ProcessImageDownloadImageResult> DownloadImageAsync(Uri imageUrl, Stream destination, CancellationToken cancellationToken = default)
    {
        const string Operation = "DownloadImage";
        if (imageUrl is null)
        {
            throw new ArgumentNullException(nameof(imageUrl));
        }

        StreamedDownload.CheckDestination(destination, nameof(destination));
        string path = RelativePath(imageUrl)
            ?? throw new ArgumentException($"The image URL must be on {_options.BaseAddress!.Host} (the client's base address); download other hosts with your own HttpClient.", nameof(imageUrl));
        var request = new DocScanRequest(Operation, HttpMethod.Get, path, OperationCharge.Free) { StreamsResponse = true, RequiresAuth = false }; // processed images are served without credentials
        return StreamedDownload.CopyToAsync(_pipeline, request, CheckImageAsync, destination,
            static (type, written) => new ProcessImageDownloadImageResult { ContentType = type, BytesWritten = written }, cancellationToken);
    }

    /// <summary>Releases the connections of a client made with a public constructor.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connections (and a cached token) when <paramref name="disposing"/>; a derived client overrides it to release its own.</summary>
    /// <param name="disposing">Whether this is <see cref="Dispose()"/> rather than a finalizer.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }
    }

    // Every processing call is charged, not "charged but idempotent": see the note above RemoveWatermarkAsync.
    private async Task<ProcessImageReply> ProcessAsync(string operation, ImageInput image, WatermarkSettings? options, Uri? callback, ProcessImageExpect expect, CancellationToken cancellationToken)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        var fields = Fields(operation, options, expect, callback);
        var upload = options?.Upload ?? ProcessImageUpload.File;
        if (!Enum.IsDefined(typeof(ProcessImageUpload), upload))
        {
            throw Invalid(operation, $"Upload {(int)upload} is not File or Base64.");
        }

        bool signing = _options.AuthMode == ProcessImageAuthMode.Signature;
        string? appId = _options.AppId;
        if (signing)
        {
            if (image.IsUrl || upload == ProcessImageUpload.Base64)
            {
                throw Invalid(operation, "signature mode signs the MD5 of an uploaded file, so the image must be sent as a file: use ImageInput.FromFile/FromBytes/FromStream with Upload = File, or use token mode.");
            }

            if (string.IsNullOrWhiteSpace(appId))
            {
                throw Missing(operation, "DocScan:ProcessImage:AppId");
            }

            if (string.IsNullOrWhiteSpace(_options.AppSecret))
            {
                throw Missing(operation, "DocScan:ProcessImage:AppSecret");
            }
        }

        var prepared = await image.EnsureAcceptedAsync(VendorName, operation, Formats, _options.MaxImageBytes, "compress it or lower its resolution first (the limit is DocScan:ProcessImage:MaxImageBytes)", cancellationToken).ConfigureAwait(false);

        // Signature mode: read and hash the image once per call; every attempt sends the same bytes with a new salt.
        HashedImage? hashed;
        try
        {
            hashed = signing ? await HashedImage.ReadAsync(prepared, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (ImageReadException e)
        {
            throw e.ToDocScanException(VendorName, operation);
        }
        string partName = _options.FilePartName;
        string urlField = _options.UrlFieldName;
        string base64Field = _options.Base64FieldName;
        var newSalt = NewSalt;

        // In signature mode each attempt's form gets a fresh salt, and the attempt's state tells the authenticator what to sign.
        HttpContent Content(RequestState attempt)
        {
            var form = new MultipartForm();
            if (hashed is not null)
            {
                var s = new SigningData(appId!, hashed.Md5, newSalt());
                attempt.Set(SigningData.Key, s);
                form.AddField("appId", s.AppId);
                form.AddField("salt", s.Salt.ToString(CultureInfo.InvariantCulture));
            }

            if (image.IsUrl)
            {
                form.AddField(urlField, image.Url!.AbsoluteUri);
            }
            else if (upload == ProcessImageUpload.Base64)
            {
                form.AddField(base64Field, new DataUriContent(prepared));
            }
            else
            {
                form.AddFile(partName, prepared, hashed?.CreateContent(prepared.MediaType) ?? ImageContent.Create(prepared));
            }

            foreach (var field in fields)
            {
                form.AddField(field.Key, field.Value);
            }

            return form;
        }

        var request = new DocScanRequest(operation, HttpMethod.Post, _options.Path, OperationCharge.Charged) { AttemptContent = Content };
        var answer = await _pipeline.SendAsync(request, (response, ct) => ReadAsync(response, expect, ct), cancellationToken).ConfigureAwait(false);
        return answer.Stamped();
    }

    private async ValueTask<ReplyResult> ReadAsync(HttpResponseMessage response, ProcessImageExpect expect, CancellationToken cancellationToken)
    {
        using var body = await ResponseBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        var envelope = Parse(body, status);
        if (status == 304 && envelope is null)
        {
            throw body.Invalid("processimage.cn answered HTTP 304 without a body; the cached result is expected in a body with httpCode 304", null);
        }

        return new ReplyResult(ProcessImageErrors.Interpret(
            envelope,
            status,
            HttpErrors.RetryAfter(response, _pipeline.Time),
            expect,
            _options.AuthMode == ProcessImageAuthMode.Token,
            _pipeline.Time.GetUtcNow(),
            body.Span));
    }

    /// <summary>Throws the vendor's error unless the response is the image itself.</summary>
    private async ValueTask CheckImageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        bool json = mediaType is not null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
        if (status is < 200 or >= 300 || json || (mediaType is not null && mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)))
        {
            using var body = await ResponseBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            var envelope = json ? Parse(body, status) : null;
            int code = status >= 300 || envelope?.HttpCode is null ? status : envelope.HttpCode.Value;
            if (code is 404 or 410)
            {
                throw new DocScanException(DocScanErrorKind.NotFound, "processimage.cn no longer has this image; processed images are kept 5 hours.") { VendorCode = envelope?.HttpCode?.ToString(CultureInfo.InvariantCulture), VendorMessage = envelope?.HttpMsg, Failure = FailureClass.Permanent };
            }

            if (code is not (200 or 304))
            {
                throw ProcessImageErrors.FromHttpCode(code, envelope?.HttpMsg, envelope?.MsgInnerReferer, HttpErrors.RetryAfter(response, _pipeline.Time), _options.AuthMode == ProcessImageAuthMode.Token, envelope?.RemainingUsage);
            }

            throw body.Invalid($"processimage.cn answered {mediaType ?? "an unknown type"} instead of the image", null);
        }
    }

    private static ProcessImageEnvelope? Parse(ResponseBody body, int status)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return Utf8Json.Deserialize(body.Span, ProcessImageJsonContext.Default.ProcessImageEnvelope);
        }
        catch (JsonException) when (status >= 400)
        {
            return null; // an error status speaks for itself
        }
        catch (JsonException e)
        {
            throw body.Invalid("the response is not processimage.cn's JSON", e);
        }
    }

    /// <summary>The multipart fields other than the image and the credentials, validated and encoded once per call.</summary>
    private static List<KeyValuePair<string, byte[]>> Fields(string operation, WatermarkSettings? o, ProcessImageExpect expect, Uri? callback)
    {
        var fields = new List<KeyValuePair<string, byte[]>>();
        if (o is not null)
        {
            var offset = o.Offset?.Entries() ?? new List<KeyValuePair<string, int>>();
            if (o.Rectangles.Count > 0 && (o.WatermarkNames.Count > 0 || o.ExcludeKeywords.Count > 0 || offset.Count > 0))
            {
                throw Invalid(operation, "Rectangles replace the server's detection, which then ignores WatermarkNames, ExcludeKeywords and Offset; give either Rectangles or those.");
            }

            if (o.WatermarkNames.Count > 0 && o.ExcludeKeywords.Count > 0)
            {
                throw Invalid(operation, "WatermarkNames and ExcludeKeywords exclude each other; the server takes only one of them.");
            }

            if (offset.Count > 4)
            {
                throw Invalid(operation, $"Offset sets {offset.Count} adjustments; the server accepts at most 4.");
            }

            if (o.Rectangles.Count > 0)
            {
                fields.Add(new("rectangles", Json(w =>
                {
                    w.WriteStartArray();
                    foreach (var r in o.Rectangles)
                    {
                        if (r.Width <= 0 || r.Height <= 0)
                        {
                            throw Invalid(operation, $"every rectangle needs a positive width and height; got {r}.");
                        }

                        w.WriteStartObject();
                        w.WriteNumber("x", r.X);
                        w.WriteNumber("y", r.Y);
                        w.WriteNumber("w", r.Width);
                        w.WriteNumber("h", r.Height);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                })));
            }

            if (o.WatermarkNames.Count > 0)
            {
                fields.Add(new("watermarkNames", Items(operation, nameof(o.WatermarkNames), o.WatermarkNames)));
            }

            if (o.ExcludeKeywords.Count > 0)
            {
                fields.Add(new("excludeKeywords", Items(operation, nameof(o.ExcludeKeywords), o.ExcludeKeywords)));
            }

            if (offset.Count > 0)
            {
                fields.Add(new("offset", Json(w =>
                {
                    w.WriteStartObject();
                    foreach (var e in offset)
                    {
                        w.WriteNumber(e.Key, e.Value);
                    }

                    w.WriteEndObject();
                })));
            }

            if (o.ShowRegions)
            {
                fields.Add(new("show", "true"u8.ToArray()));
            }
        }

        if (expect == ProcessImageExpect.Detected)
        {
            fields.Add(new("ocrOnly", "true"u8.ToArray()));
        }

        if (callback is not null)
        {
            // The wire's "sync=true" means asynchronous.
            fields.Add(new("sync", "true"u8.ToArray()));
            fields.Add(new("callback", System.Text.Encoding.UTF8.GetBytes(callback.AbsoluteUri)));
        }

        return fields;
    }

    private static byte[] Items(string operation, string name, IList<WatermarkText> items)
        => Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                if (item is null || string.IsNullOrWhiteSpace(item.Value))
                {
                    throw Invalid(operation, $"every {name} item needs a non-empty value.");
                }

                w.WriteStartObject();
                w.WriteString("value", item.Value);
                w.WriteString("rule", item.Rule switch
                {
                    WatermarkMatchRule.Default => "default",
                    WatermarkMatchRule.Similar => "similar",
                    WatermarkMatchRule.Absolute => "absolute",
                    _ => throw Invalid(operation, $"rule {(int)item.Rule} of {name} is not Default, Similar or Absolute."),
                });
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var stream = new MemoryStream(128);
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JsonDefaults.Encoder }))
        {
            write(w);
        }

        return stream.ToArray();
    }

    /// <summary>The path of <paramref name="url"/> below the base address, or null when it is on another host.</summary>
    private string? RelativePath(Uri url)
    {
        var b = _options.BaseAddress!;
        if (!url.IsAbsoluteUri || !string.Equals(url.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || (!(url.IsDefaultPort && b.IsDefaultPort) && url.Port != b.Port))
        {
            return null;
        }

        string basePath = b.AbsolutePath.TrimEnd('/');
        string path = url.PathAndQuery;
        if (basePath.Length > 0 && !path.StartsWith(basePath + "/", StringComparison.Ordinal))
        {
            return null;
        }

        return path.Substring(basePath.Length);
    }

    private static DocScanException Invalid(string operation, string message)
        => new(DocScanErrorKind.InvalidRequest, message) { Vendor = VendorName, Operation = operation, Failure = FailureClass.Permanent };

    private static DocScanException Missing(string operation, string setting)
        => new(DocScanErrorKind.Authentication, $"{setting} is not configured; set it in configuration or in the client options.")
        {
            Vendor = VendorName,
            Operation = operation,
            Failure = FailureClass.Permanent,
        };

    /// <summary>Carries a checked reply through the pipeline, which stamps the call's context on it; the public result is built after.</summary>
    private sealed class ReplyResult : DocScanResult
    {
        public ReplyResult(ProcessImageReply reply) => Reply = reply;

        public ProcessImageReply Reply { get; }

        public ProcessImageReply Stamped()
        {
            Reply.Call = this;
            return Reply;
        }
    }
}
