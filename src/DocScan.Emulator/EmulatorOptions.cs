using System;

namespace DocScan.Emulator;

/// <summary>How the emulator is started and how strictly it behaves. Every default follows the vendors' documentation.</summary>
public sealed class EmulatorOptions
{
    /// <summary>
    /// The clock for quotas, result expiry, token lifetimes, the e签宝 timestamp window, injected hangs and
    /// the request log. Default <see cref="TimeProvider.System"/>; pass a <c>FakeTimeProvider</c> to move time in tests.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// First port. Default 0: every vendor gets a free port chosen by the operating system. Any other value
    /// N puts ClipImg on N, Qingyang on N+1, ProcessImage on N+2, AliyunIqs on N+3 and Esign on N+4.
    /// The emulator always binds 127.0.0.1 only.
    /// </summary>
    public int BasePort { get; set; }

    /// <summary>Largest request body Kestrel accepts, in bytes. Default 100 MiB (the vendors' own limits are checked per vendor, below this).</summary>
    public long MaxRequestBodySize { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Slack allowed when a request arrives a little early for a per-second or per-minute quota, because the
    /// emulator measures arrival while a client measures sending. Default 100 ms. <see cref="TimeSpan.Zero"/> is exact.
    /// </summary>
    public TimeSpan QuotaTolerance { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>ClipImg settings.</summary>
    public ClipImgEmulatorOptions ClipImg { get; } = new();

    /// <summary>Qingyang settings.</summary>
    public QingyangEmulatorOptions Qingyang { get; } = new();

    /// <summary>processimage.cn settings.</summary>
    public ProcessImageEmulatorOptions ProcessImage { get; } = new();

    /// <summary>Aliyun IQS settings.</summary>
    public AliyunIqsEmulatorOptions AliyunIqs { get; } = new();

    /// <summary>e签宝 settings.</summary>
    public EsignEmulatorOptions Esign { get; } = new();

    internal void Validate()
    {
        if (BasePort is < 0 or > 65530)
        {
            throw new ArgumentOutOfRangeException(nameof(BasePort), BasePort, "BasePort must be 0 (free ports) or 1..65530.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (QuotaTolerance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(QuotaTolerance), QuotaTolerance, "QuotaTolerance cannot be negative.");
        }
    }
}

/// <summary>ClipImg emulation settings.</summary>
public sealed class ClipImgEmulatorOptions
{
    /// <summary>Accepted <c>X-API-Key</c> with the full balance. Default <see cref="EmulatorCredentials.ClipImgApiKey"/>.</summary>
    public string ApiKey { get; set; } = EmulatorCredentials.ClipImgApiKey;

    /// <summary>Requests per second per key (any two requests at least 1/N s apart). Default 1, as documented; <see langword="null"/> switches it off.</summary>
    public int? RequestsPerSecond { get; set; } = 1;

    /// <summary>Requests in any sliding 60 s per key. Default 20, as documented; <see langword="null"/> switches it off.</summary>
    public int? RequestsPerMinute { get; set; } = 20;

    /// <summary>Points the <see cref="ApiKey"/> starts with. Default 100,000 (a download costs 20).</summary>
    public int InitialPoints { get; set; } = 100_000;

    /// <summary>Points a download costs (a repeat download of the same name by the same key is free). Default 20.</summary>
    public int DownloadCost { get; set; } = 20;

    /// <summary>How long results and image ids are kept. Default 1 hour, as documented; then code 404.</summary>
    public TimeSpan ResultLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether a non-zero body <c>code</c> comes with the same HTTP status (400, 402, 404, 429, 509).
    /// Default <see langword="true"/>; <see langword="false"/> answers such errors with HTTP 200. The real status is undocumented.
    /// </summary>
    public bool ErrorsUseHttpStatus { get; set; } = true;

    /// <summary>Whether preview (GET, free) requires <c>X-API-Key</c> too. Default <see langword="true"/>.</summary>
    public bool PreviewRequiresKey { get; set; } = true;
}

/// <summary>Qingyang emulation settings.</summary>
public sealed class QingyangEmulatorOptions
{
    /// <summary>Accepted <c>X-Auth-Key</c>. Default <see cref="EmulatorCredentials.QingyangAuthKey"/>.</summary>
    public string AuthKey { get; set; } = EmulatorCredentials.QingyangAuthKey;

    /// <summary>Largest uploaded file, in bytes. Default 10 MiB (10,485,760); larger answers HTTP 413.</summary>
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;
}

/// <summary>processimage.cn emulation settings.</summary>
public sealed class ProcessImageEmulatorOptions
{
    /// <summary>Accepted <c>appId</c>. Default <see cref="EmulatorCredentials.ProcessImageAppId"/>.</summary>
    public string AppId { get; set; } = EmulatorCredentials.ProcessImageAppId;

    /// <summary>The app secret the signature is checked with. Default <see cref="EmulatorCredentials.ProcessImageAppSecret"/>.</summary>
    public string AppSecret { get; set; } = EmulatorCredentials.ProcessImageAppSecret;

    /// <summary>Requests in any sliding second per app. Default 2 (the documented QPS); <see langword="null"/> switches it off.</summary>
    public int? RequestsPerSecond { get; set; } = 2;

    /// <summary>Uses the app starts with (<c>remainingUsage</c>); at 0 the answer is <c>httpCode</c> 403. Default 1,000.</summary>
    public int InitialUsage { get; set; } = 1000;

    /// <summary>Largest image, in bytes. Default 4 MiB (4,194,304); larger answers <c>httpCode</c> 413.</summary>
    public long MaxFileBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Multipart part the image is read from. Default <c>uploadFile</c> (what the vendor's server reads).</summary>
    public string FilePartName { get; set; } = "uploadFile";

    /// <summary>Name of the total-calls field in replies: <c>callSuccessful</c> (the server, default) or <c>allUsedCount</c> (the page).</summary>
    public string UsageCountField { get; set; } = "callSuccessful";

    /// <summary>How long processed images and the 304 result cache are kept. Default 5 hours, as documented.</summary>
    public TimeSpan ResultLifetime { get; set; } = TimeSpan.FromHours(5);

    /// <summary>Token lifetime from the emulator's token endpoint. Default 30 minutes, as documented.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Grace after <see cref="TokenLifetime"/> during which a token still works. Default 5 minutes, as documented.</summary>
    public TimeSpan TokenGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Token fetches allowed per app per day (China time). Default 100, as documented.</summary>
    public int DailyTokenLimit { get; set; } = 100;
}

/// <summary>Aliyun IQS emulation settings.</summary>
public sealed class AliyunIqsEmulatorOptions
{
    /// <summary>Accepted API key (no daily limit). Default <see cref="EmulatorCredentials.AliyunIqsApiKey"/>.</summary>
    public string ApiKey { get; set; } = EmulatorCredentials.AliyunIqsApiKey;

    /// <summary>Trial API key, limited to <see cref="TrialDailyLimit"/>. Default <see cref="EmulatorCredentials.AliyunIqsTrialApiKey"/>.</summary>
    public string TrialApiKey { get; set; } = EmulatorCredentials.AliyunIqsTrialApiKey;

    /// <summary>Queries a trial key may make per day (China time, UTC+8). Default 1,000, as documented.</summary>
    public int TrialDailyLimit { get; set; } = 1000;

    /// <summary>
    /// Requests in any sliding second per key before <c>Retrieval.Throttling.User</c>. Default <see langword="null"/>
    /// (off: the vendor does not document its flow-control limit).
    /// </summary>
    public int? RequestsPerSecond { get; set; }
}

/// <summary>e签宝 emulation settings.</summary>
public sealed class EsignEmulatorOptions
{
    /// <summary>Accepted app id. Default <see cref="EmulatorCredentials.EsignAppId"/>.</summary>
    public string AppId { get; set; } = EmulatorCredentials.EsignAppId;

    /// <summary>The app secret. Default <see cref="EmulatorCredentials.EsignAppSecret"/>.</summary>
    public string AppSecret { get; set; } = EmulatorCredentials.EsignAppSecret;

    /// <summary>How far <c>X-Tsign-Open-Ca-Timestamp</c> may be from the emulator's clock. Default 15 minutes, as documented.</summary>
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>OAuth2 token lifetime. Default 120 minutes, as documented.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(120);

    /// <summary>What is left of older tokens when a new one is issued. Default 5 minutes, as documented.</summary>
    public TimeSpan SupersededTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether <c>expiresIn</c> is sent as a JSON string (default <see langword="true"/>) or a number; the vendor does both.</summary>
    public bool ExpiresInAsString { get; set; } = true;

    /// <summary>Largest decoded image, in bytes. Default 1 MiB (1,048,576); larger answers code 30500101.</summary>
    public long MaxImageBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests in any sliding second per app. Default 50 (the documented default QPS); <see langword="null"/> switches it off.</summary>
    public int? RequestsPerSecond { get; set; } = 50;
}
