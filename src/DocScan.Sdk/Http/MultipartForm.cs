using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

using DocScan.Sdk.Http;

namespace DocScan.Sdk;

/// <summary>
/// A <c>multipart/form-data</c> body written as browsers and <c>curl -F</c> write it: quoted names, text fields
/// without a <c>Content-Type</c> of their own (UTF-8), and a file part whose <c>filename</c> is printable ASCII
/// (with the real name in an RFC 5987 <c>filename*</c> when it is not). Build one per attempt.
/// </summary>
internal class MultipartForm : MultipartFormDataContent, IObservedContent
{
    private static readonly ConcurrentDictionary<string, string> QuotedNames = new(StringComparer.Ordinal);

    public RequestInfo? Attempt { get; set; }

    public void AddField(string name, string value) => AddField(name, Encoding.UTF8.GetBytes(value));

    public void AddField(string name, byte[] utf8) => AddField(name, new ByteArrayContent(utf8));

    public void AddField(string name, HttpContent content)
    {
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = QuoteName(name) };
        Add(content);
    }

    /// <summary>Adds <paramref name="content"/> (the image's bytes) as the file part <paramref name="name"/>, named after <paramref name="image"/>.</summary>
    public void AddFile(string name, PreparedImage image, HttpContent content)
    {
        string fileName = image.FileName;
        var disposition = new ContentDispositionHeaderValue("form-data") { Name = QuoteName(name) };
        if (IsPlainAscii(fileName))
        {
            disposition.FileName = Quote(fileName);
        }
        else
        {
            // Servers read the bytes, not the name: an ASCII stand-in, and the real name for those that read filename*.
            disposition.FileName = Quote("image" + ImageFormatSniffer.Extension(image.Format));
            disposition.FileNameStar = fileName;
        }

        content.Headers.ContentDisposition = disposition;
        Add(content);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        this.Started();
        return base.SerializeToStreamAsync(stream, context);
    }

#if !NETSTANDARD2_0
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        this.Started();
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }
#endif

    private static bool IsPlainAscii(string s)
    {
        foreach (char c in s)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static string Quote(string s) => "\"" + s + "\"";

    /// <summary>A field name, quoted once: the names are the clients' constants, a handful in all.</summary>
    private static string QuoteName(string name) => QuotedNames.GetOrAdd(name, static n => Quote(n));
}
