using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using Microsoft.Extensions.Logging;

namespace DocScan.Sdk.Qingyang;

/// <summary>The Qingyang 青阳智创 certificate OCR client. Thread-safe; create one and reuse it.</summary>
/// <remarks>
/// A client made with a public constructor owns its connections: dispose it when done. In an application
/// with a container, use <c>services.AddDocScanClients(...)</c> and inject <see cref="IQingyangClient"/>.
/// Every operation is <see langword="virtual"/> so tests can derive from the client (see the protected constructor).
/// </remarks>
public class QingyangClient : IQingyangClient, IDisposable
{
    internal const string VendorName = "Qingyang";

    internal static readonly VendorDefinition<QingyangClientOptions> Definition = new(
        VendorName,
        static (options, _) => new HeaderKeyAuthenticator(VendorName, "X-Auth-Key", null, () => options.ApiKey, "DocScan:Qingyang:ApiKey"),
        Array.Empty<string>(),
        static options => options.ApiKey);

    private const string Operation = "Recognize";
    private const string Path = "/ocr";
    private const string UnrecognisedCardType = "未知";
    private const int MaxServerPathLength = 4096;
    private static readonly ImageFormat[] Formats = { ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Pdf };
    private static readonly char[] CardTypeSeparators = { ',', '，', '、' };

    private readonly VendorPipeline _pipeline;
    private readonly QingyangClientOptions _options;

    // The answer readers, made once: a method group passed per call would be a new delegate each time.
    private readonly Func<HttpResponseMessage, CancellationToken, ValueTask<QingyangRecognizeResult>> _readRecognize;
    private readonly Func<HttpResponseMessage, CancellationToken, ValueTask<QingyangRecognizeServerFileResult>> _readServerFile;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The API key and settings; validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public QingyangClient(QingyangClientOptions options)
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
    public QingyangClient(QingyangClientOptions options, HttpMessageHandler transport, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(options, VendorPipeline.Create(Definition, options, transport ?? throw new ArgumentNullException(nameof(transport)), loggerFactory, timeProvider))
    {
    }

    /// <summary>For mocking: a client with no options and no connections. Members that are not overridden fail.</summary>
    protected QingyangClient()
    {
        _options = null!;
        _pipeline = null!;
        _readRecognize = null!;
        _readServerFile = null!;
    }

    internal QingyangClient(QingyangClientOptions options, VendorPipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
        _readRecognize = ReadAsync<QingyangRecognizeResult>;
        _readServerFile = ReadAsync<QingyangRecognizeServerFileResult>;
    }

    /// <inheritdoc />
    public virtual Task<QingyangRecognizeResult> RecognizeAsync(ImageInput image, QingyangRecognizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (image is null)
        {
            return Task.FromException<QingyangRecognizeResult>(new ArgumentNullException(nameof(image)));
        }

        string? category = CategoryOf(options?.Category);
        if (image.IsUrl)
        {
            // The service fetches the image itself. AbsoluteUri is the escaped form (a space goes as %20), so the
            // JSON string holds a valid URL; escapes the caller wrote (a signed query) are kept as written.
            return _pipeline.SendAsync(UrlRequest(Operation, image.Url!.AbsoluteUri, category), _readRecognize, cancellationToken);
        }

        // Bytes in memory are checked without waiting: then no state machine is needed around the call.
        var preparing = image.EnsureAcceptedAsync(VendorName, Operation, Formats, _options.MaxImageBytes, "compress the image or split the PDF (the limit is DocScan:Qingyang:MaxImageBytes)", cancellationToken);
        return preparing.IsCompletedSuccessfully
            ? SendFormAsync(preparing.Result, category, cancellationToken)
            : SendFormWhenPreparedAsync(preparing, category, cancellationToken);
    }

    /// <inheritdoc />
    public virtual Task<QingyangRecognizeServerFileResult> RecognizeServerFileAsync(string serverPath, QingyangRecognizeServerFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(serverPath))
        {
            throw new ArgumentException("A path on the Qingyang server is required.", nameof(serverPath));
        }

        if (serverPath.Length > MaxServerPathLength)
        {
            throw new ArgumentException($"A server path is at most {MaxServerPathLength} characters; got {serverPath.Length}.", nameof(serverPath));
        }

        foreach (char c in serverPath)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("A server path cannot contain control characters.", nameof(serverPath));
            }
        }

        return _pipeline.SendAsync(UrlRequest("RecognizeServerFile", serverPath, CategoryOf(options?.Category)), _readServerFile, cancellationToken);
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

    private async Task<QingyangRecognizeResult> SendFormWhenPreparedAsync(ValueTask<PreparedImage> preparing, string? category, CancellationToken cancellationToken)
        => await SendFormAsync(await preparing.ConfigureAwait(false), category, cancellationToken).ConfigureAwait(false);

    private Task<QingyangRecognizeResult> SendFormAsync(PreparedImage prepared, string? category, CancellationToken cancellationToken)
    {
        var categoryBytes = category is null ? null : Encoding.UTF8.GetBytes(category);
        var request = new DocScanRequest(Operation, HttpMethod.Post, Path, OperationCharge.Charged)
        {
            Content = () => Form(prepared, categoryBytes),
        };
        return _pipeline.SendAsync(request, _readRecognize, cancellationToken);
    }

    private static string? CategoryOf(QingyangCategory? category)
        => category is { Value.Length: > 0 } c ? c.Value : null;

    /// <summary>The JSON body <c>{"file_url": …, "category": …}</c>, serialised once per call.</summary>
    private static DocScanRequest UrlRequest(string operation, string fileUrl, string? category)
    {
        var json = JsonDefaults.Serialize(new QingyangUrlBody { FileUrl = fileUrl, Category = category }, QingyangJsonContext.Default.QingyangUrlBody);
        return new DocScanRequest(operation, HttpMethod.Post, Path, OperationCharge.Charged) { JsonBody = json };
    }

    /// <summary>The multipart body for one attempt: part <c>file</c> streamed from the input, then <c>category</c> as a plain field.</summary>
    private static MultipartForm Form(PreparedImage file, byte[]? category)
    {
        var form = new MultipartForm();
        form.AddFile("file", file, ImageContent.Create(file));
        if (category is not null)
        {
            form.AddField("category", category);
        }

        return form;
    }

    private async ValueTask<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : QingyangRecognizeResult, new()
    {
        using var answer = await VendorResponse.ReadAsync(response, QingyangErrors.Map.Instance, _pipeline.Time, cancellationToken).ConfigureAwait(false);
        var body = answer.Body;
        var envelope = answer.Envelope ?? throw body.Invalid("the response body is empty or null", null);

        var result = envelope.Result is { ValueKind: not JsonValueKind.Null } r ? r : default;
        if (result.ValueKind is not (JsonValueKind.Array or JsonValueKind.Undefined))
        {
            throw body.Invalid("result is not a JSON array", null);
        }

        var documents = new List<QingyangDocument>(result.ValueKind == JsonValueKind.Array ? result.GetArrayLength() : 0);
        if (result.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in result.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw body.Invalid("an element of result[] is not a JSON object", null);
                }

                // Every string is decoded once now, so that no accessor or typed view can throw on it later.
                if (!DocScanResult.IsReadableText(element))
                {
                    throw body.Invalid("an element of result[] holds text that is not valid UTF-8", null);
                }

                documents.Add(new QingyangDocument(element, textChecked: true));
            }
        }

        if (envelope.RawResult is { } rawResult && !DocScanResult.IsReadableText(rawResult))
        {
            throw body.Invalid("rawResult holds text that is not valid UTF-8", null);
        }

        return new T
        {
            CardTypeText = envelope.CardType ?? string.Empty,
            CardTypes = SplitCardTypes(envelope.CardType),
            Usage = new QingyangTokenUsage { InputTokens = envelope.TokensIn ?? 0, OutputTokens = envelope.TokensOut ?? 0 },
            Documents = documents,
            FilePath = NullIfEmpty(envelope.FilePath),
            FileName = NullIfEmpty(envelope.FileName),
            RawResult = envelope.RawResult is { } raw ? NullIfEmpty(raw.ValueKind switch
            {
                JsonValueKind.String => raw.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => raw.GetRawText(),
            }) : null,
            AdditionalData = DocScanResult.Unknown(envelope.Extra),
        };
    }

    private static List<QingyangCardType> SplitCardTypes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new List<QingyangCardType>();
        }

        if (text!.IndexOfAny(CardTypeSeparators) < 0)
        {
            // One type, the usual answer: no split.
            var name = text.Trim();
            return name == UnrecognisedCardType ? new List<QingyangCardType>() : new List<QingyangCardType>(1) { QingyangCardType.FromName(name) };
        }

        var types = new List<QingyangCardType>();
        foreach (var part in text!.Split(CardTypeSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Trim();
            if (name.Length > 0 && name != UnrecognisedCardType)
            {
                types.Add(QingyangCardType.FromName(name));
            }
        }

        return types;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

}
