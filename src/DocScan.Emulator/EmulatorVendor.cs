namespace DocScan.Emulator;

/// <summary>The five vendors the emulator speaks for. Each one listens on its own port.</summary>
public enum EmulatorVendor
{
    /// <summary>ClipImg 可立图 smart scan, crop, A4 layout, preview and download.</summary>
    ClipImg,

    /// <summary>Qingyang 青阳智创 certificate OCR (<c>POST /ocr</c>).</summary>
    Qingyang,

    /// <summary>processimage.cn text-watermark removal (<c>POST /watermark/access</c>).</summary>
    ProcessImage,

    /// <summary>Aliyun Information Query Service ScanFile (<c>POST /scan/file</c>).</summary>
    AliyunIqs,

    /// <summary>e签宝 general OCR and OAuth2 token endpoints.</summary>
    Esign,
}
