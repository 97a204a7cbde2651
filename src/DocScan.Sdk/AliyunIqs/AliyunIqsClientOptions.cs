using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk.AliyunIqs;

/// <summary>Settings for <see cref="AliyunIqsClient"/> (configuration section <c>DocScan:AliyunIqs</c>).</summary>
/// <remarks>
/// <para>Defaults: base address <c>https://cloud-iqs.aliyuncs.com</c>; images up to 20 MiB; no client-side rate
/// limit (the quota depends on the plan); attempt timeout 60 s and total timeout 3 minutes. The service itself
/// gives up after 25 s: both timeouts leave room above that for sending the image
/// and receiving the result, and the total timeout leaves room for retries after throttling.</para>
/// <para>Trial accounts are limited to 1,000 queries a day (<c>Retrieval.TestUserQueryExceeded</c>) for 15 days.</para>
/// <para>ScanFile is charged: an ambiguous failure (a timeout after sending, a 5xx) is not retried unless
/// <see cref="DocScanRetryOptions.RetryAmbiguousFailures"/> is set. Throttling (<c>Retrieval.Throttling.User</c>)
/// is retried with backoff; the trial's daily quota (<c>Retrieval.TestUserQueryExceeded</c>) never is.</para>
/// <para>Strategies run in the order given on <see cref="DocScanClientOptions"/>.</para>
/// </remarks>
public sealed class AliyunIqsClientOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://cloud-iqs.aliyuncs.com");

    /// <summary>The service's own processing timeout, 25 seconds (documented by the vendor).</summary>
    internal static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(25);

    /// <summary>The default limit on one attempt: 60 seconds (the server's 25 s plus transfer time for large images).</summary>
    internal static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default limit on a whole call: 3 minutes (several attempts that each may take the server's full 25 s).</summary>
    internal static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The default largest image sent inline, 20 MiB (the vendor documents no limit).</summary>
    public const long DefaultMaxImageBytes = 20 * 1024 * 1024;

    /// <summary>Creates options with the vendor's defaults.</summary>
    public AliyunIqsClientOptions()
    {
        BaseAddress = DefaultBaseAddress;
        AttemptTimeout = DefaultAttemptTimeout;
        TotalTimeout = DefaultTotalTimeout;
    }

    /// <summary>The IQS API key, sent as <c>Authorization: Bearer &lt;key&gt;</c> (or <c>X-API-Key</c>, see <see cref="AuthScheme"/>). Required for calls; never logged.</summary>
    /// <remarks>A new key can take up to 5 minutes to become active. AK/SK signing (Alibaba Cloud OpenAPI) is not supported.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The header that carries <see cref="ApiKey"/>. Default <see cref="AliyunIqsAuthScheme.Bearer"/>
    /// (<c>Authorization: Bearer &lt;key&gt;</c>, as on the ScanFile page); <see cref="AliyunIqsAuthScheme.XApiKey"/> sends
    /// <c>X-API-Key: &lt;key&gt;</c>, the alternative the IQS quick start also accepts. Configuration key
    /// <c>DocScan:AliyunIqs:AuthScheme</c> (<c>Bearer</c> or <c>XApiKey</c>).
    /// </summary>
    public AliyunIqsAuthScheme AuthScheme { get; set; } = AliyunIqsAuthScheme.Bearer;

    /// <summary>The largest image sent as <c>imageBase64</c>; a larger one fails before anything is sent. Default <see cref="DefaultMaxImageBytes"/> (20 MiB).</summary>
    /// <remarks>The vendor documents no limit; the server has the last word. Use an image URL for very large images.</remarks>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
        if (AuthScheme is not (AliyunIqsAuthScheme.Bearer or AliyunIqsAuthScheme.XApiKey))
        {
            errors.Add($"{section}:AuthScheme must be Bearer or XApiKey; got {((int)AuthScheme).ToString(CultureInfo.InvariantCulture)}.");
        }

        if (MaxImageBytes <= 0)
        {
            errors.Add($"{section}:MaxImageBytes must be positive; got {MaxImageBytes.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}

/// <summary>How <see cref="AliyunIqsClientOptions.ApiKey"/> is sent.</summary>
public enum AliyunIqsAuthScheme
{
    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>, as on the ScanFile page (the default).</summary>
    Bearer = 0,

    /// <summary><c>X-API-Key: &lt;key&gt;</c>, the alternative header the IQS quick start documents.</summary>
    XApiKey = 1,
}
