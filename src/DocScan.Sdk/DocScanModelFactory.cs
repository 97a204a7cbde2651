using System;
using System.Collections.Generic;
using System.Text.Json;
using DocScan.Sdk.AliyunIqs;
using DocScan.Sdk.ClipImg;
using DocScan.Sdk.Esign;
using DocScan.Sdk.ProcessImage;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk;

/// <summary>
/// Builds results and exceptions with any content, for tests of code that uses the clients (a fake client derived
/// from <c>ClipImgClient</c> and the others returns them). Every method sets <see cref="DocScanResult.Vendor"/> and
/// <see cref="DocScanResult.Operation"/> as the real client would, and takes every public property as a parameter.
/// </summary>
/// <remarks>
/// The call data every result shares has the same defaults everywhere: <c>requestId</c> null, <c>httpStatus</c> 200,
/// <c>attempts</c> 1, <c>elapsed</c> zero, no response headers and no additional data.
/// </remarks>
public static class DocScanModelFactory
{
    /// <summary>A <see cref="DocScanException"/> as a client throws it.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">The message.</param>
    /// <param name="vendor">The vendor (<c>ClipImg</c>, …), or null.</param>
    /// <param name="operation">The operation (<c>Scan</c>, …), or null.</param>
    /// <param name="httpStatus">The HTTP status, or null when no response arrived.</param>
    /// <param name="vendorCode">The vendor's error code, or null.</param>
    /// <param name="vendorMessage">The vendor's error message, or null.</param>
    /// <param name="requestId">The vendor's request id, or null.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="retryAfter">The vendor's <c>Retry-After</c>, or null.</param>
    /// <param name="attempts">How many attempts reached the vendor.</param>
    /// <param name="innerException">The cause, or null.</param>
    /// <returns>The exception.</returns>
    public static DocScanException DocScanException(
        DocScanErrorKind kind,
        string message,
        string? vendor = null,
        string? operation = null,
        int? httpStatus = null,
        string? vendorCode = null,
        string? vendorMessage = null,
        string? requestId = null,
        bool isTransient = false,
        TimeSpan? retryAfter = null,
        int attempts = 1,
        Exception? innerException = null)
        => new(kind, message, innerException)
        {
            Vendor = vendor,
            Operation = operation,
            HttpStatus = httpStatus,
            VendorCode = vendorCode,
            VendorMessage = vendorMessage,
            RequestId = requestId,
            IsTransient = isTransient,
            RetryAfter = retryAfter,
            Attempts = attempts,
        };

    /// <summary>A <see cref="ClipImgFile"/>.</summary>
    /// <param name="name">The download name (<c>img_name</c>).</param>
    /// <param name="previewName">The preview name (<c>preview_img_name</c>).</param>
    /// <param name="previewUrl">The preview link, or null.</param>
    /// <param name="downloadUrl">The download link, or null.</param>
    /// <returns>The file.</returns>
    public static ClipImgFile ClipImgFile(string name, string previewName = "", Uri? previewUrl = null, Uri? downloadUrl = null)
        => new() { Name = name, PreviewName = previewName, PreviewUrl = previewUrl, DownloadUrl = downloadUrl };

    /// <summary>A <see cref="ClipImgScanResult"/>.</summary>
    /// <param name="imageId">The image id.</param>
    /// <param name="corners">The detected corners.</param>
    /// <param name="file">The cropped image.</param>
    /// <param name="expiresAt">When the vendor deletes the files.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static ClipImgScanResult ClipImgScanResult(
        string imageId, Quad corners, ClipImgFile file, DateTimeOffset expiresAt,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new ClipImgScanResult { ImageId = imageId, Corners = corners, File = file, ExpiresAt = expiresAt }
            .Fill<ClipImgScanResult>("ClipImg", "Scan", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="ClipImgCropResult"/>.</summary>
    /// <param name="file">The cropped image.</param>
    /// <param name="expiresAt">When the vendor deletes the files.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static ClipImgCropResult ClipImgCropResult(
        ClipImgFile file, DateTimeOffset expiresAt,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new ClipImgCropResult { File = file, ExpiresAt = expiresAt }
            .Fill<ClipImgCropResult>("ClipImg", "Crop", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="ClipImgLayoutResult"/>.</summary>
    /// <param name="pages">The laid-out pages.</param>
    /// <param name="pdf">The PDF, for documents; null for card types.</param>
    /// <param name="expiresAt">When the vendor deletes the files.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static ClipImgLayoutResult ClipImgLayoutResult(
        IReadOnlyList<ClipImgFile> pages, ClipImgFile? pdf, DateTimeOffset expiresAt,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new ClipImgLayoutResult { Pages = pages, Pdf = pdf, ExpiresAt = expiresAt }
            .Fill<ClipImgLayoutResult>("ClipImg", "Layout", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="ClipImgGetPreviewResult"/>.</summary>
    /// <param name="contentType">The declared media type, or null.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <returns>The result.</returns>
    public static ClipImgGetPreviewResult ClipImgGetPreviewResult(
        string? contentType, long bytesWritten,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null)
        => new ClipImgGetPreviewResult { ContentType = contentType, BytesWritten = bytesWritten }
            .Fill<ClipImgGetPreviewResult>("ClipImg", "GetPreview", new(requestId, httpStatus, attempts, elapsed, responseHeaders, null));

    /// <summary>A <see cref="ClipImgDownloadResult"/>.</summary>
    /// <param name="contentType">The declared media type, or null.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <returns>The result.</returns>
    public static ClipImgDownloadResult ClipImgDownloadResult(
        string? contentType, long bytesWritten,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null)
        => new ClipImgDownloadResult { ContentType = contentType, BytesWritten = bytesWritten }
            .Fill<ClipImgDownloadResult>("ClipImg", "Download", new(requestId, httpStatus, attempts, elapsed, responseHeaders, null));

    /// <summary>A <see cref="QingyangRecognizeResult"/>.</summary>
    /// <param name="cardTypes">The detected card types.</param>
    /// <param name="cardTypeText">The <c>cardType</c> field verbatim.</param>
    /// <param name="usage">The tokens consumed.</param>
    /// <param name="documents">One document per card (see <see cref="QingyangDocument(JsonElement)"/>).</param>
    /// <param name="filePath">The recorded file path, or null.</param>
    /// <param name="fileName">The recorded file name, or null.</param>
    /// <param name="rawResult">The <c>rawResult</c> field, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static QingyangRecognizeResult QingyangRecognizeResult(
        IReadOnlyList<QingyangCardType> cardTypes, string cardTypeText, QingyangTokenUsage usage, IReadOnlyList<QingyangDocument> documents,
        string? filePath = null, string? fileName = null, string? rawResult = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => Qingyang<QingyangRecognizeResult>("Recognize", cardTypes, cardTypeText, usage, documents, filePath, fileName, rawResult, new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="QingyangRecognizeServerFileResult"/>.</summary>
    /// <param name="cardTypes">The detected card types.</param>
    /// <param name="cardTypeText">The <c>cardType</c> field verbatim.</param>
    /// <param name="usage">The tokens consumed.</param>
    /// <param name="documents">One document per card (see <see cref="QingyangDocument(JsonElement)"/>).</param>
    /// <param name="filePath">The recorded file path, or null.</param>
    /// <param name="fileName">The recorded file name, or null.</param>
    /// <param name="rawResult">The <c>rawResult</c> field, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static QingyangRecognizeServerFileResult QingyangRecognizeServerFileResult(
        IReadOnlyList<QingyangCardType> cardTypes, string cardTypeText, QingyangTokenUsage usage, IReadOnlyList<QingyangDocument> documents,
        string? filePath = null, string? fileName = null, string? rawResult = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => Qingyang<QingyangRecognizeServerFileResult>("RecognizeServerFile", cardTypes, cardTypeText, usage, documents, filePath, fileName, rawResult, new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="QingyangTokenUsage"/>.</summary>
    /// <param name="inputTokens">Tokens in.</param>
    /// <param name="outputTokens">Tokens out.</param>
    /// <returns>The usage.</returns>
    public static QingyangTokenUsage QingyangTokenUsage(long inputTokens, long outputTokens)
        => new() { InputTokens = inputTokens, OutputTokens = outputTokens };

    /// <summary>A <see cref="ProcessImageUsage"/>.</summary>
    /// <param name="remaining">Calls left.</param>
    /// <param name="longTerm">Calls that never expire.</param>
    /// <param name="limitedTerm">Calls that expire.</param>
    /// <param name="limitedTermExpiresAt">When they expire.</param>
    /// <param name="totalUsed">Calls used so far.</param>
    /// <returns>The usage.</returns>
    public static ProcessImageUsage ProcessImageUsage(long? remaining = null, long? longTerm = null, long? limitedTerm = null, DateTimeOffset? limitedTermExpiresAt = null, long? totalUsed = null)
        => new() { Remaining = remaining, LongTerm = longTerm, LimitedTerm = limitedTerm, LimitedTermExpiresAt = limitedTermExpiresAt, TotalUsed = totalUsed };

    /// <summary>A <see cref="ProcessImageRemoveWatermarkResult"/>.</summary>
    /// <param name="imageUrl">The cleaned image.</param>
    /// <param name="imageExpiresAt">When the vendor deletes it.</param>
    /// <param name="regions">The processed regions.</param>
    /// <param name="fromCache">Whether the answer came from the vendor's cache (code 304).</param>
    /// <param name="offsetIgnored">Whether the offset was ignored (52005).</param>
    /// <param name="processCount">The <c>processCount</c>, or null.</param>
    /// <param name="processStatus">The <c>processStatus</c> (0, or 52005).</param>
    /// <param name="processMessage">The <c>processMsg</c>.</param>
    /// <param name="responseMessage">The <c>httpMsg</c>.</param>
    /// <param name="usage">The account usage, or null.</param>
    /// <param name="imageIdentifier">The vendor's image identifier, or null.</param>
    /// <param name="signature">The <c>encryptedInfo.sign</c>, or null.</param>
    /// <param name="returnType">The <c>returnType</c>, or null.</param>
    /// <param name="clientAddress">The <c>location</c>, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result; <see cref="ProcessImageResponse.ResponseCode"/> is 304 when <paramref name="fromCache"/>, else 200.</returns>
    public static ProcessImageRemoveWatermarkResult ProcessImageRemoveWatermarkResult(
        Uri? imageUrl, DateTimeOffset? imageExpiresAt = null, IReadOnlyList<WatermarkRegion>? regions = null, bool fromCache = false, bool offsetIgnored = false,
        int? processCount = null, int processStatus = 0, string? processMessage = null, string? responseMessage = null, ProcessImageUsage? usage = null,
        string? imageIdentifier = null, string? signature = null, string? returnType = null, string? clientAddress = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new ProcessImageRemoveWatermarkResult
        {
            ImageUrl = imageUrl, ImageExpiresAt = imageExpiresAt, Regions = regions ?? Array.Empty<WatermarkRegion>(), FromCache = fromCache, OffsetIgnored = offsetIgnored,
            ProcessCount = processCount, ResponseCode = fromCache ? 304 : 200, ProcessStatus = processStatus, ProcessMessage = processMessage, ResponseMessage = responseMessage,
            Usage = usage, ImageIdentifier = imageIdentifier, Signature = signature, ReturnType = returnType, ClientAddress = clientAddress,
        }.Fill<ProcessImageRemoveWatermarkResult>("ProcessImage", "RemoveWatermark", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="ProcessImageDetectResult"/>.</summary>
    /// <param name="regions">The regions found.</param>
    /// <param name="noWatermarkFound">Whether none was found (52002).</param>
    /// <param name="fromCache">Whether the answer came from the vendor's cache (code 304).</param>
    /// <param name="processCount">The <c>processCount</c>, or null.</param>
    /// <param name="processStatus">The <c>processStatus</c>; null for 52002 when <paramref name="noWatermarkFound"/>, else 52006.</param>
    /// <param name="processMessage">The <c>processMsg</c>.</param>
    /// <param name="responseMessage">The <c>httpMsg</c>.</param>
    /// <param name="usage">The account usage, or null.</param>
    /// <param name="imageIdentifier">The vendor's image identifier, or null.</param>
    /// <param name="signature">The <c>encryptedInfo.sign</c>, or null.</param>
    /// <param name="returnType">The <c>returnType</c>, or null.</param>
    /// <param name="clientAddress">The <c>location</c>, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static ProcessImageDetectResult ProcessImageDetectResult(
        IReadOnlyList<WatermarkRegion>? regions = null, bool noWatermarkFound = false, bool fromCache = false,
        int? processCount = null, int? processStatus = null, string? processMessage = null, string? responseMessage = null, ProcessImageUsage? usage = null,
        string? imageIdentifier = null, string? signature = null, string? returnType = null, string? clientAddress = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new ProcessImageDetectResult
        {
            Regions = regions ?? Array.Empty<WatermarkRegion>(), NoWatermarkFound = noWatermarkFound, FromCache = fromCache, ProcessCount = processCount,
            ResponseCode = fromCache ? 304 : 200, ProcessStatus = processStatus ?? (noWatermarkFound ? 52002 : 52006), ProcessMessage = processMessage, ResponseMessage = responseMessage,
            Usage = usage, ImageIdentifier = imageIdentifier, Signature = signature, ReturnType = returnType, ClientAddress = clientAddress,
        }.Fill<ProcessImageDetectResult>("ProcessImage", "Detect", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="ProcessImageSubmitResult"/> (<c>processStatus</c> 52000).</summary>
    /// <param name="imageIdentifier">The vendor's image identifier the callback will carry.</param>
    /// <param name="usage">The account usage, or null.</param>
    /// <param name="processMessage">The <c>processMsg</c>.</param>
    /// <param name="responseMessage">The <c>httpMsg</c>.</param>
    /// <param name="signature">The <c>encryptedInfo.sign</c>, or null.</param>
    /// <param name="returnType">The <c>returnType</c>, or null.</param>
    /// <param name="clientAddress">The <c>location</c>, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static ProcessImageSubmitResult ProcessImageSubmitResult(
        string? imageIdentifier, ProcessImageUsage? usage = null, string? processMessage = null, string? responseMessage = null,
        string? signature = null, string? returnType = null, string? clientAddress = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new ProcessImageSubmitResult
        {
            ImageIdentifier = imageIdentifier, Usage = usage, ResponseCode = 200, ProcessStatus = 52000, ProcessMessage = processMessage, ResponseMessage = responseMessage,
            Signature = signature, ReturnType = returnType, ClientAddress = clientAddress,
        }.Fill<ProcessImageSubmitResult>("ProcessImage", "Submit", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>A <see cref="ProcessImageDownloadImageResult"/>.</summary>
    /// <param name="contentType">The declared media type, or null.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <returns>The result.</returns>
    public static ProcessImageDownloadImageResult ProcessImageDownloadImageResult(
        string? contentType, long bytesWritten,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null)
        => new ProcessImageDownloadImageResult { ContentType = contentType, BytesWritten = bytesWritten }
            .Fill<ProcessImageDownloadImageResult>("ProcessImage", "DownloadImage", new(requestId, httpStatus, attempts, elapsed, responseHeaders, null));

    /// <summary>An <see cref="AliyunIqsScannedPage"/>.</summary>
    /// <param name="image">The processed image bytes.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="angle">The rotation applied, in degrees.</param>
    /// <returns>The page.</returns>
    public static AliyunIqsScannedPage AliyunIqsScannedPage(ReadOnlyMemory<byte> image, int width, int height, int angle = 0)
        => new() { Image = image, Width = width, Height = height, Angle = angle };

    /// <summary>An <see cref="AliyunIqsScanFileResult"/>.</summary>
    /// <param name="pages">The processed pages.</param>
    /// <param name="searchTime">The service's search time, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static AliyunIqsScanFileResult AliyunIqsScanFileResult(
        IReadOnlyList<AliyunIqsScannedPage> pages, TimeSpan? searchTime = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new AliyunIqsScanFileResult { Pages = pages, SearchTime = searchTime }
            .Fill<AliyunIqsScanFileResult>("AliyunIqs", "ScanFile", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    /// <summary>An <see cref="EsignTextLine"/>.</summary>
    /// <param name="text">The recognised text.</param>
    /// <param name="index">The sequence number, or null.</param>
    /// <param name="box">The box after rotation correction, or null.</param>
    /// <param name="polygon">The corners as sent, or null for none.</param>
    /// <param name="advancedInfo">The <c>advancedInfo</c> verbatim, or null.</param>
    /// <param name="itemPolygonText">The <c>itemPolygon</c> text when it was not a box, or null.</param>
    /// <param name="additionalData">Unknown fields of the line, or null.</param>
    /// <returns>The line.</returns>
    public static EsignTextLine EsignTextLine(
        string text, int? index = null, EsignTextBox? box = null, IReadOnlyList<ImagePoint>? polygon = null,
        string? advancedInfo = null, string? itemPolygonText = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new()
        {
            Text = text, Index = index, Box = box, Polygon = polygon ?? Array.Empty<ImagePoint>(), AdvancedInfo = advancedInfo, ItemPolygonText = itemPolygonText,
            AdditionalData = additionalData ?? new Dictionary<string, JsonElement>(),
        };

    /// <summary>An <see cref="EsignRecognizeTextResult"/>.</summary>
    /// <param name="lines">The text lines in reading order.</param>
    /// <param name="verifyId">The vendor's verify id, or null.</param>
    /// <param name="angle">The rotation in degrees, or null.</param>
    /// <param name="requestId">See <see cref="DocScanResult.RequestId"/>.</param>
    /// <param name="httpStatus">See <see cref="DocScanResult.HttpStatus"/>.</param>
    /// <param name="attempts">See <see cref="DocScanResult.Attempts"/>.</param>
    /// <param name="elapsed">See <see cref="DocScanResult.Elapsed"/>.</param>
    /// <param name="responseHeaders">See <see cref="DocScanResult.ResponseHeaders"/>.</param>
    /// <param name="additionalData">See <see cref="DocScanResult.AdditionalData"/>.</param>
    /// <returns>The result.</returns>
    public static EsignRecognizeTextResult EsignRecognizeTextResult(
        IReadOnlyList<EsignTextLine> lines, string? verifyId = null, double? angle = null,
        string? requestId = null, int httpStatus = 200, int attempts = 1, TimeSpan elapsed = default,
        IReadOnlyDictionary<string, string>? responseHeaders = null, IReadOnlyDictionary<string, JsonElement>? additionalData = null)
        => new EsignRecognizeTextResult { Lines = lines, VerifyId = verifyId, Angle = angle }
            .Fill<EsignRecognizeTextResult>("Esign", "RecognizeText", new(requestId, httpStatus, attempts, elapsed, responseHeaders, additionalData));

    private static T Qingyang<T>(
        string operation, IReadOnlyList<QingyangCardType> cardTypes, string cardTypeText, QingyangTokenUsage usage, IReadOnlyList<QingyangDocument> documents,
        string? filePath, string? fileName, string? rawResult, DocScanResult.CallData call)
        where T : QingyangRecognizeResult, new()
        => new T
        {
            CardTypes = cardTypes, CardTypeText = cardTypeText, Usage = usage, Documents = documents,
            FilePath = filePath, FileName = fileName, RawResult = rawResult,
        }.Fill<T>("Qingyang", operation, call);
}
