namespace DocScan.Emulator;

/// <summary>
/// The fixed test credentials the emulator accepts by default. They are not secrets: they only
/// open the local emulator. Each can be replaced through <see cref="EmulatorOptions"/>.
/// </summary>
public static class EmulatorCredentials
{
    /// <summary>ClipImg <c>X-API-Key</c> with a full point balance (<see cref="ClipImgEmulatorOptions.InitialPoints"/>).</summary>
    public const string ClipImgApiKey = "clipimg-emulator-key";

    /// <summary>ClipImg <c>X-API-Key</c> whose point balance starts at 0: every charged download answers code 402.</summary>
    public const string ClipImgNoPointsApiKey = "clipimg-emulator-key-no-points";

    /// <summary>Qingyang <c>X-Auth-Key</c>.</summary>
    public const string QingyangAuthKey = "qingyang-emulator-key";

    /// <summary>processimage.cn <c>appId</c> (16 characters, as the vendor issues them).</summary>
    public const string ProcessImageAppId = "EmuAppId0000Test";

    /// <summary>processimage.cn app secret (32 characters; used for the MD5 signature and the emulator's token endpoint).</summary>
    public const string ProcessImageAppSecret = "emulator-secret-0123456789ABCDEF";

    /// <summary>Aliyun IQS API key (<c>Authorization: Bearer</c> or <c>X-API-Key</c>).</summary>
    public const string AliyunIqsApiKey = "aliyun-iqs-emulator-key";

    /// <summary>
    /// Aliyun IQS key of a trial account: at most <see cref="AliyunIqsEmulatorOptions.TrialDailyLimit"/> queries
    /// a day (China time), then <c>Retrieval.TestUserQueryExceeded</c>.
    /// </summary>
    public const string AliyunIqsTrialApiKey = "aliyun-iqs-emulator-trial-key";

    /// <summary>e签宝 app id (sandbox style: starts with 7438).</summary>
    public const string EsignAppId = "7438000001";

    /// <summary>e签宝 app secret (the HMAC-SHA256 key in signature mode, the <c>secret</c> in OAuth2 mode).</summary>
    public const string EsignAppSecret = "esign-emulator-secret-0123456789";
}
