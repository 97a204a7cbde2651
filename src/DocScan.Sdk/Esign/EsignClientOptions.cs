using System;
using System.Collections.Generic;
using System.Globalization;

namespace DocScan.Sdk.Esign;

/// <summary>Which e签宝 environment a client talks to. App ids belong to one environment only.</summary>
public enum EsignEnvironment
{
    /// <summary>Production, <c>https://openapi.esign.cn</c> (app ids usually start with 5111).</summary>
    Production = 0,

    /// <summary>The sandbox (模拟环境), <c>https://smlopenapi.esign.cn</c> (app ids usually start with 7438 or 4438).</summary>
    Sandbox = 1,
}

/// <summary>How the client proves who it is to the e签宝 gateway.</summary>
public enum EsignAuthMode
{
    /// <summary>
    /// Request signing (请求签名鉴权, the vendor's recommended mode): every attempt carries a fresh millisecond
    /// timestamp, the body's <c>Content-MD5</c> and an HMAC-SHA256 signature keyed by the app secret.
    /// </summary>
    Signature = 0,

    /// <summary>
    /// OAuth2 (the vendor calls it "not recommended"): a token from <c>/v1/oauth2/access_token</c>, cached, fetched by one
    /// caller at a time, refreshed with <c>/v1/oauth2/refresh_token</c> before it expires, sent as <c>X-Tsign-Open-Token</c>.
    /// </summary>
    OAuth2 = 1,
}

/// <summary>Settings for the e签宝 general OCR client (configuration section <c>DocScan:Esign</c>).</summary>
/// <remarks>
/// <para>Defaults: <see cref="Environment"/> production, <see cref="AuthMode"/> signature, 50 requests per second (the
/// vendor's default quota per app, enforced by the client-side rate limit), images up to 1,000,000 bytes, attempt
/// timeout 60 s, total timeout 3 minutes.
/// Strategies run in the order given on <see cref="DocScanClientOptions"/>.</para>
/// <para>Host precedence: an explicit <see cref="DocScanClientOptions.BaseAddress"/> (an emulator, a proxy) wins; when it
/// is not set, <see cref="Environment"/> chooses the host, and <see cref="DocScanClientOptions.BaseAddress"/> is filled in
/// with it when the options are validated (when the client is built or the host starts).</para>
/// </remarks>
public sealed class EsignClientOptions : DocScanClientOptions
{
    /// <summary>The production host, <c>https://openapi.esign.cn</c>.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://openapi.esign.cn");

    /// <summary>The sandbox host, <c>https://smlopenapi.esign.cn</c>.</summary>
    public static readonly Uri SandboxBaseAddress = new("https://smlopenapi.esign.cn");

    /// <summary>The default size limit for the image: 1,000,000 bytes, the conservative reading of the page's "1M" / "最大1MB".</summary>
    public const long DefaultMaxImageBytes = 1_000_000;

    /// <summary>Creates options with the vendor's defaults. <see cref="DocScanClientOptions.BaseAddress"/> stays unset so that <see cref="Environment"/> decides the host.</summary>
    public EsignClientOptions()
    {
        RateLimit.PermitsPerSecond = 50;
    }

    /// <summary>The environment whose host is used when <see cref="DocScanClientOptions.BaseAddress"/> is not set. Default <see cref="EsignEnvironment.Production"/>.</summary>
    /// <remarks>An app id from the other environment is answered with HTTP 401 "无效的应用".</remarks>
    public EsignEnvironment Environment { get; set; } = EsignEnvironment.Production;

    /// <summary>The app id (项目 ID), sent as <c>X-Tsign-Open-App-Id</c>. Required for calls.</summary>
    public string? AppId { get; set; }

    /// <summary>The app secret: the HMAC key in signature mode, the token credential in OAuth2 mode. Required for calls; never sent in signature mode, never logged.</summary>
    public string? AppSecret { get; set; }

    /// <summary>How calls are authenticated. Default <see cref="EsignAuthMode.Signature"/>, the vendor's recommendation.</summary>
    public EsignAuthMode AuthMode { get; set; } = EsignAuthMode.Signature;

    /// <summary>The largest image the client sends, checked before anything is sent. Default <see cref="DefaultMaxImageBytes"/> (1,000,000 bytes).</summary>
    /// <remarks>
    /// The vendor answers larger images with code 30500101 ("最大1MB") without saying whether 1 MB is 1,000,000 or
    /// 1,048,576 bytes; the default is the smaller. Raise it to 1,048,576 if images between the two are accepted. Must be positive.
    /// </remarks>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>
    /// OAuth2 mode: more gateway messages (compared case-insensitively, as substrings) that mean "this token is no longer
    /// accepted", besides the built-in ones (<c>TOKEN错误</c>, and a message naming the token together with 过期/expired/invalid/无效).
    /// Default: none.
    /// </summary>
    /// <remarks>
    /// An answer whose <c>message</c> matches (with HTTP 401, or with a non-zero <c>code</c> in any status) drops the cached
    /// token, fetches a new one and sends the call once more. Configuration: <c>DocScan:Esign:TokenRejectionMessages:0</c>, ….
    /// </remarks>
    public IList<string> TokenRejectionMessages { get; } = new List<string>();

    /// <summary>In OAuth2 mode, how long before its expiry a token is replaced (through <c>refresh_token</c>). Default 5 minutes.</summary>
    /// <remarks>Tokens are valid 120 minutes; must be at least zero and less than 2 hours.</remarks>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The host <see cref="Environment"/> stands for.</summary>
    /// <param name="environment">The environment.</param>
    /// <returns><see cref="DefaultBaseAddress"/> or <see cref="SandboxBaseAddress"/>.</returns>
    public static Uri HostOf(EsignEnvironment environment)
        => environment == EsignEnvironment.Sandbox ? SandboxBaseAddress : DefaultBaseAddress;

    /// <summary>An explicit BaseAddress wins; otherwise the environment chooses the host.</summary>
    private protected override Uri? FallbackBaseAddress() => HostOf(Environment);

    internal override void Validate(string section, List<string> errors)
    {
        if (Environment is not (EsignEnvironment.Production or EsignEnvironment.Sandbox))
        {
            errors.Add($"{section}:Environment must be Production or Sandbox; got {((int)Environment).ToString(CultureInfo.InvariantCulture)}.");
        }

        base.Validate(section, errors);
        ValidatePair(section, nameof(AppId), AppId, nameof(AppSecret), AppSecret, errors);
        if (AuthMode is not (EsignAuthMode.Signature or EsignAuthMode.OAuth2))
        {
            errors.Add($"{section}:AuthMode must be Signature or OAuth2; got {((int)AuthMode).ToString(CultureInfo.InvariantCulture)}.");
        }

        if (MaxImageBytes <= 0)
        {
            errors.Add($"{section}:MaxImageBytes must be positive; got {MaxImageBytes.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TokenRefreshBefore < TimeSpan.Zero || TokenRefreshBefore >= TimeSpan.FromHours(2))
        {
            errors.Add($"{section}:TokenRefreshBefore must be at least 0 and less than 2 hours (tokens live 120 minutes); got {TokenRefreshBefore}.");
        }
    }
}
