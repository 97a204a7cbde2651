using System;
using System.Globalization;
using System.Text;

namespace DocScan.Sdk;

/// <summary>
/// The one exception every DocScan client throws for a failed call: switch on <see cref="Kind"/>, read the
/// vendor's own <see cref="VendorCode"/> and <see cref="VendorMessage"/> verbatim.
/// </summary>
/// <remarks>
/// Caller cancellation is not wrapped: it stays an <see cref="OperationCanceledException"/>.
/// Credentials never appear in the message or in <see cref="Exception.ToString"/>.
/// The type is constructible so applications can fake failures in their own tests.
/// </remarks>
public class DocScanException : Exception
{
    private string _detail;
    private string? _vendor;
    private string? _operation;
    private int? _httpStatus;
    private string? _requestId;
    private int _attempts;
    private bool? _isTransient;

    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">What happened and what to do next.</param>
    public DocScanException(DocScanErrorKind kind, string message)
        : this(kind, message, null)
    {
    }

    /// <summary>Creates an exception of the given kind wrapping the exception that caused it.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">What happened and what to do next.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public DocScanException(DocScanErrorKind kind, string message, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
        _detail = message;
    }

    /// <summary>What went wrong.</summary>
    public DocScanErrorKind Kind { get; }

    /// <summary>The vendor, as its configuration section is named (<c>ClipImg</c>, <c>Qingyang</c>, …).</summary>
    public string? Vendor { get => _vendor; init => _vendor = value; }

    /// <summary>The operation that failed, as the client method names it without <c>Async</c> (<c>Scan</c>, <c>Download</c>, …).</summary>
    public string? Operation { get => _operation; init => _operation = value; }

    /// <summary>The HTTP status of the last response, or <see langword="null"/> when no response arrived.</summary>
    public int? HttpStatus { get => _httpStatus; init => _httpStatus = value; }

    /// <summary>The vendor's own error code (a body <c>code</c>, <c>httpCode</c> or gateway code), verbatim.</summary>
    public string? VendorCode { get; init; }

    /// <summary>The vendor's own error message, verbatim.</summary>
    public string? VendorMessage { get; init; }

    /// <summary>The vendor's request id, where it returns one; quote it to the vendor's support.</summary>
    public string? RequestId { get => _requestId; init => _requestId = value; }

    /// <summary>Whether the same call may succeed later (throttling, timeouts, server errors, network failures).</summary>
    /// <remarks>A transient failure that the SDK did not retry was either out of attempts or could have been charged twice.</remarks>
    public bool IsTransient { get => _isTransient ?? Failure != FailureClass.Permanent; init => _isTransient = value; }

    /// <summary>How long the vendor asked the caller to wait, when it said so (<c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How many HTTP attempts reached the vendor before the call failed: their body started going out, or an answer arrived (0 when it failed before sending).</summary>
    public int Attempts { get => _attempts; init => _attempts = value; }

    /// <summary>What the failure proves about whether the vendor processed the request; decides retries. <see cref="IsTransient"/> follows it unless set.</summary>
    internal FailureClass Failure { get; init; }

    /// <inheritdoc />
    public override string Message
    {
        get
        {
            var sb = new StringBuilder();
            if (_vendor is not null)
            {
                sb.Append(_vendor);
                if (_operation is not null)
                {
                    sb.Append(' ').Append(_operation);
                }

                sb.Append(" failed: ");
            }

            sb.Append(_detail);
            sb.Append(" [").Append(Kind);
            if (_httpStatus is { } status)
            {
                sb.Append(", HTTP ").Append(status.ToString(CultureInfo.InvariantCulture));
            }

            if (VendorCode is not null)
            {
                sb.Append(", code ").Append(VendorCode);
            }

            if (VendorMessage is not null && !_detail.Contains(VendorMessage))
            {
                sb.Append(", \"").Append(VendorMessage).Append('"');
            }

            if (RetryAfter is { } retryAfter)
            {
                sb.Append(", retry after ").Append(retryAfter.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(" s");
            }

            if (_attempts > 0)
            {
                sb.Append(", attempts ").Append(_attempts.ToString(CultureInfo.InvariantCulture));
            }

            if (_requestId is not null)
            {
                sb.Append(", request id ").Append(_requestId);
            }

            return sb.Append(']').ToString();
        }
    }

    /// <summary>What happened, without the context the message adds.</summary>
    internal string Detail => _detail;

    /// <summary>Adds a sentence the pipeline knows (why nothing was retried) to the message.</summary>
    internal void AppendDetail(string sentence) => _detail = _detail.TrimEnd() + " " + sentence;

    // The pipeline fills in what only it knows, after the vendor code created the exception.
    internal void Stamp(string vendor, string operation, int? httpStatus, string? requestId, int attempts)
    {
        _vendor ??= vendor;
        _operation ??= operation;
        _httpStatus ??= httpStatus;
        _requestId = Http.LoggingHandler.CleanRequestId(_requestId ?? requestId); // vendor bodies carry ids too
        _attempts = attempts;
    }
}
