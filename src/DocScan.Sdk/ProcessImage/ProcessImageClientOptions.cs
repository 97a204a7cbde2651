using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.ProcessImage;

/// <summary>How <see cref="ProcessImageClient"/> authenticates its calls.</summary>
public enum ProcessImageAuthMode
{
    /// <summary>
    /// Every call is signed: form fields <c>appId</c> and <c>salt</c>, header
    /// <c>x-access-api-sign</c> = <c>md5(appId + imageMd5 + salt + appSecret)</c>. Needs
    /// <see cref="ProcessImageClientOptions.AppId"/> and <see cref="ProcessImageClientOptions.AppSecret"/> and a file upload.
    /// The secret never leaves the process.
    /// </summary>
    Signature = 0,

    /// <summary>
    /// Every call carries a cached token in the <c>x-access-api-token</c> header. The token comes from a token
    /// source (<see cref="ProcessImageClientOptions.UseTokenSource(IProcessImageTokenSource)"/> or
    /// <see cref="ProcessImageClientOptions.TokenEndpoint"/>) and is kept in a token store (in memory by default).
    /// </summary>
    Token = 1,
}

/// <summary>Settings for the processimage.cn watermark removal client (configuration section <c>DocScan:ProcessImage</c>).</summary>
/// <remarks>
/// Defaults: base address <c>https://www.processimage.cn</c>, path <c>/watermark/access</c>, fields
/// <c>uploadFile</c> / <c>imageUrl</c> / <c>imageBase64</c>, images up to 4,000,000 bytes, signature
/// authentication, 2 requests per second (the vendor's default QPS), attempt timeout 60 s, total timeout 3 minutes.
/// Strategies run in the order given on <see cref="DocScanClientOptions"/>.
/// </remarks>
public sealed class ProcessImageClientOptions : DocScanClientOptions
{
    /// <summary>The production host.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://www.processimage.cn");

    /// <summary>The path the vendor's server answers, <c>/watermark/access</c>.</summary>
    public const string DefaultPath = "/watermark/access";

    /// <summary>The name of the multipart file part the vendor's server reads, <c>uploadFile</c>.</summary>
    public const string DefaultFilePartName = "uploadFile";

    /// <summary>The name of the form field that carries an image URL, <c>imageUrl</c> (the vendor's server source; the page says <c>image_url</c>).</summary>
    public const string DefaultUrlFieldName = "imageUrl";

    /// <summary>The name of the form field that carries a Base64 image, <c>imageBase64</c> (the vendor's server source; the page says <c>image_base64</c>).</summary>
    public const string DefaultBase64FieldName = "imageBase64";

    /// <summary>The default size limit for an image: 4,000,000 bytes, the conservative reading of the page's "4MB".</summary>
    public const long DefaultMaxImageBytes = 4_000_000;

    private IProcessImageTokenSource? _tokenSource;
    private IProcessImageTokenStore? _tokenStore;

    /// <summary>Creates options with the vendor's defaults.</summary>
    public ProcessImageClientOptions()
    {
        BaseAddress = DefaultBaseAddress;
        RateLimit.PermitsPerSecond = 2;
    }

    /// <summary>Which credentials are sent. Default <see cref="ProcessImageAuthMode.Signature"/>.</summary>
    public ProcessImageAuthMode AuthMode { get; set; }

    /// <summary>The app id (16 letters and digits, from the vendor console). Required in signature mode; sent as the form field <c>appId</c>.</summary>
    public string? AppId { get; set; }

    /// <summary>The app secret (32 characters). Required in signature mode; only used to compute the signature, never sent, never logged.</summary>
    public string? AppSecret { get; set; }

    /// <summary>The path of the watermark endpoint below <see cref="DocScanClientOptions.BaseAddress"/>. Default <c>/watermark/access</c>.</summary>
    /// <remarks>The vendor's page names no path; this is the one its published server answers.</remarks>
    public string Path { get; set; } = DefaultPath;

    /// <summary>The name of the multipart part that carries the image. Default <c>uploadFile</c>.</summary>
    /// <remarks>The vendor's page says <c>image_file</c>/<c>imageFile</c>; its server and its own test page use <c>uploadFile</c>.</remarks>
    public string FilePartName { get; set; } = DefaultFilePartName;

    /// <summary>The name of the form field that carries an image URL (<see cref="ImageInput.FromUrl(System.Uri)"/>; token mode only). Default <c>imageUrl</c>.</summary>
    /// <remarks>The vendor's page says <c>image_url</c> (and strikes the field through as unavailable); its published server reads <c>imageUrl</c>.</remarks>
    public string UrlFieldName { get; set; } = DefaultUrlFieldName;

    /// <summary>The name of the form field that carries a Base64 image (<see cref="ProcessImageUpload.Base64"/>; token mode only). Default <c>imageBase64</c>.</summary>
    /// <remarks>The vendor's page says <c>image_base64</c> (and strikes the field through as unavailable); its published server reads <c>imageBase64</c>.</remarks>
    public string Base64FieldName { get; set; } = DefaultBase64FieldName;

    /// <summary>The largest image the client sends, checked before anything is sent. Default <see cref="DefaultMaxImageBytes"/> (4,000,000 bytes).</summary>
    /// <remarks>
    /// The page says "4MB" without saying whether it means 4,000,000 or 4,194,304 bytes; the default is the smaller, so an
    /// image the vendor might refuse (HTTP 413) fails locally instead. Raise it to 4,194,304 if your images between the
    /// two are accepted. Must be positive.
    /// </remarks>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>
    /// Token mode: an absolute http(s) URL that answers a token. Default none. Ignored when a token source is set with <see cref="UseTokenSource(IProcessImageTokenSource)"/>.
    /// </summary>
    /// <remarks>
    /// The vendor documents no token endpoint. The client sends <c>GET</c> with the query parameter <c>appId</c>
    /// (when <see cref="AppId"/> is set; the secret is never sent) and accepts either a plain-text token or JSON
    /// with <c>token</c> / <c>accessToken</c> / <c>access_token</c> at the top level or inside <c>data</c>, and
    /// optionally <c>expiresIn</c> (seconds). Suits a token broker shared by several instances; for anything else
    /// use <see cref="UseTokenSource(Func{CancellationToken, Task{string}})"/>.
    /// </remarks>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>How long a token is valid when its source does not say. Default 30 minutes (the vendor's documented lifetime).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long before expiry a cached token is replaced. Default 5 minutes; must be less than <see cref="TokenLifetime"/>.</summary>
    /// <remarks>The token endpoint allows 100 calls a day; with the defaults a busy client fetches at most about 58 tokens a day.</remarks>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Token mode: where tokens come from. Replaces <see cref="TokenEndpoint"/>. (A method, not a property, so configuration binding skips it.)</summary>
    /// <param name="source">Fetches a new token; called by one caller at a time, only when no valid token is cached.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public void UseTokenSource(IProcessImageTokenSource source) => _tokenSource = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Token mode: fetches tokens with a delegate; each token is taken to live <see cref="TokenLifetime"/>.</summary>
    /// <param name="fetch">Returns a new token (the vendor's 32-character string).</param>
    /// <exception cref="ArgumentNullException"><paramref name="fetch"/> is null.</exception>
    public void UseTokenSource(Func<CancellationToken, Task<string>> fetch)
    {
        if (fetch is null)
        {
            throw new ArgumentNullException(nameof(fetch));
        }

        _tokenSource = new DelegateTokenSource(fetch);
    }

    /// <summary>Token mode: where the current token is kept. Default: in this client's memory. Share one store between instances to share one token.</summary>
    /// <param name="store">The store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public void UseTokenStore(IProcessImageTokenStore store) => _tokenStore = store ?? throw new ArgumentNullException(nameof(store));

    internal IProcessImageTokenSource? TokenSource() => _tokenSource;

    internal IProcessImageTokenStore? TokenStore() => _tokenStore;

    internal override void Validate(string section, List<string> errors)
    {
        base.Validate(section, errors);
        ValidatePair(section, nameof(AppId), AppId, nameof(AppSecret), AppSecret, errors);
        if (!string.IsNullOrEmpty(AppId) && !IsAppId(AppId!))
        {
            errors.Add($"{section}:AppId must be the 16 letters and digits the vendor console shows; got {AppId!.Length.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        if (!string.IsNullOrEmpty(AppSecret) && AppSecret!.Length != 32)
        {
            // Never the value: only its length.
            errors.Add($"{section}:AppSecret must be the 32-character secret the vendor console shows; got {AppSecret.Length.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        if (string.IsNullOrEmpty(Path) || Path[0] != '/')
        {
            errors.Add($"{section}:Path must start with '/'; got '{Path}'.");
        }

        foreach (var (name, value) in new[] { (nameof(FilePartName), FilePartName), (nameof(UrlFieldName), UrlFieldName), (nameof(Base64FieldName), Base64FieldName) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{section}:{name} must not be empty.");
            }
        }

        if (MaxImageBytes <= 0)
        {
            errors.Add($"{section}:MaxImageBytes must be positive; got {MaxImageBytes.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (TokenLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{section}:TokenLifetime must be positive; got {TokenLifetime}.");
        }
        else if (TokenRefreshBefore < TimeSpan.Zero || TokenRefreshBefore >= TokenLifetime)
        {
            errors.Add($"{section}:TokenRefreshBefore must be at least 0 and less than TokenLifetime ({TokenLifetime}); got {TokenRefreshBefore}.");
        }

        // The full key (DocScan:ProcessImage:TokenEndpoint) also when the options were not bound from configuration.
        string tokenEndpointKey = (section.StartsWith(DocScanOptions.SectionName + ":", StringComparison.Ordinal) ? section : DocScanOptions.SectionName + ":" + section) + ":" + nameof(TokenEndpoint);
        if (TokenEndpoint is { IsAbsoluteUri: false })
        {
            // Never the value: a URL may carry credentials.
            errors.Add($"{tokenEndpointKey} must be an absolute http(s) URL such as https://tokens.example.com/processimage; got a relative one.");
        }
        else if (TokenEndpoint is { } endpoint)
        {
            if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
            {
                errors.Add($"{tokenEndpointKey} must be an absolute http(s) URL; got scheme '{endpoint.Scheme}'.");
            }
            else if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback && !AllowInsecureHttp)
            {
                errors.Add($"{tokenEndpointKey} uses plain http on a non-loopback host ('{endpoint.Host}'); use https, or set {section}:AllowInsecureHttp to true.");
            }
        }

        if (AuthMode == ProcessImageAuthMode.Token && _tokenSource is null && TokenEndpoint is null)
        {
            errors.Add($"{section}:AuthMode is Token but no token source is set: set {section}:TokenEndpoint, or call UseTokenSource in code.");
        }
        else if (!Enum.IsDefined(typeof(ProcessImageAuthMode), AuthMode))
        {
            errors.Add($"{section}:AuthMode must be Signature or Token; got {(int)AuthMode}.");
        }
    }

    private static bool IsAppId(string value)
    {
        if (value.Length != 16)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z'))
            {
                return false;
            }
        }

        return true;
    }
}
