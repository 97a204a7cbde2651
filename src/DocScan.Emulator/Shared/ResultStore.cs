using System;
using System.Collections.Concurrent;

namespace DocScan.Emulator.Shared;

/// <summary>A stored result file (image or PDF) with the time it was made.</summary>
internal sealed record StoredFile(byte[] Data, string ContentType, string FileName, DateTimeOffset CreatedAt, string Owner);

/// <summary>Result files by name that expire after a lifetime, measured on the emulator's clock.</summary>
internal sealed class ResultStore
{
    private readonly ConcurrentDictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public ResultStore(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public void Put(string name, StoredFile file) => _files[name] = file;

    /// <summary>The file if it exists and has not expired; an expired file is removed.</summary>
    public StoredFile? Get(string name)
    {
        if (!_files.TryGetValue(name, out var file))
        {
            return null;
        }

        if (_time.GetUtcNow() - file.CreatedAt >= _lifetime)
        {
            _files.TryRemove(name, out _);
            return null;
        }

        return file;
    }
}
