using System;

namespace DocScan.Sdk;

/// <summary>What every DocScan result carries besides its vendor-specific content.</summary>
/// <remarks>
/// Results have public constructors and <c>init</c> properties so applications can build them in their own
/// tests; the clients fill these properties in from the call that produced the result.
/// </remarks>
public abstract class DocScanResult
{
    private string _vendor = string.Empty;
    private string _operation = string.Empty;
    private string? _requestId;
    private int _httpStatus;
    private int _attempts;
    private TimeSpan _elapsed;

    /// <summary>The vendor, as its configuration section is named (<c>ClipImg</c>, <c>Qingyang</c>, …).</summary>
    public string Vendor { get => _vendor; init => _vendor = value; }

    /// <summary>The operation that produced the result (<c>Scan</c>, <c>Download</c>, …).</summary>
    public string Operation { get => _operation; init => _operation = value; }

    /// <summary>The vendor's request id, where it returns one.</summary>
    public string? RequestId { get => _requestId; init => _requestId = value; }

    /// <summary>The HTTP status of the response that produced the result.</summary>
    public int HttpStatus { get => _httpStatus; init => _httpStatus = value; }

    /// <summary>How many HTTP attempts of the call reached the vendor (1 when no retry was needed); an attempt that timed out before its body started going out is not counted.</summary>
    public int Attempts { get => _attempts; init => _attempts = value; }

    /// <summary>Wall-clock time of the whole call, including rate-limit waits and retries.</summary>
    public TimeSpan Elapsed { get => _elapsed; init => _elapsed = value; }

    internal void Stamp(string vendor, string operation, int httpStatus, string? requestId, int attempts, TimeSpan elapsed)
    {
        _vendor = vendor;
        _operation = operation;
        _httpStatus = httpStatus;
        _requestId = Http.LoggingHandler.CleanRequestId(_requestId ?? requestId); // vendor bodies carry ids too
        _attempts = attempts;
        _elapsed = elapsed;
    }
}
