using System;

namespace DocScan.Sdk;

/// <summary>
/// The caller's image could not be read (their stream threw, was disposed, or their file went away). Internal: it
/// marks the failure on its way through HttpClient (which may wrap it) and is always translated, by
/// <see cref="ToDocScanException"/>, before it reaches the caller.
/// </summary>
internal sealed class ImageReadException : Exception
{
    public ImageReadException(Exception cause)
        : base("Reading the caller's image failed.", cause)
    {
    }

    /// <summary>The marker in <paramref name="e"/> or its inner exceptions (HttpClient wraps body failures), or null.</summary>
    public static ImageReadException? Find(Exception? e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ImageReadException r)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>The one error every vendor reports for it: <see cref="DocScanErrorKind.InvalidRequest"/>, never retried, the cause kept.</summary>
    public DocScanException ToDocScanException(string? vendor, string? operation)
    {
        var cause = InnerException ?? this;
        return new DocScanException(
            DocScanErrorKind.InvalidRequest,
            $"reading the caller's image failed ({cause.GetType().Name}: {cause.Message}); the call stopped and was not retried. Keep the stream (or file) open, readable and unchanged until the call returns.",
            cause)
        {
            Vendor = vendor,
            Operation = operation,
            Failure = FailureClass.Permanent,
        };
    }
}
