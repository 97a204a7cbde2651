using System;
using System.Text.Json.Serialization.Metadata;

namespace DocScan.Sdk.Http;

/// <summary>What a vendor supplies to <see cref="VendorResponse"/>: its answer envelope and its code table.</summary>
/// <typeparam name="TEnvelope">The vendor's JSON envelope.</typeparam>
internal interface IVendorErrorMap<TEnvelope>
    where TEnvelope : class
{
    /// <summary>The envelope's source-generated JSON metadata.</summary>
    JsonTypeInfo<TEnvelope> Envelope { get; }

    /// <summary>What the envelope is, for the message when a successful answer is not that JSON (e.g. "X's {code, msg} JSON").</summary>
    string EnvelopeDescription { get; }

    /// <summary>Whether invalid UTF-8 in the body is repaired before parsing (see <see cref="Utf8Json"/>).</summary>
    bool RepairsInvalidUtf8 { get; }

    /// <summary>The error a parsed envelope carries (its vendor code), or null when it carries none; checked before the HTTP status.</summary>
    DocScanException? FromEnvelope(TEnvelope envelope, int status, TimeSpan? retryAfter);

    /// <summary>The error for an HTTP status outside 2xx whose envelope (null when unreadable) carried no error.</summary>
    DocScanException FromStatus(int status, TEnvelope? envelope, TimeSpan? retryAfter);
}
