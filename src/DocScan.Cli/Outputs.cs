using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DocScan.Sdk;

namespace DocScan.Cli;

/// <summary>The output folder of a run: names checked before any call, files written whole or not at all.</summary>
internal sealed class OutputFolder(string directory, bool force)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public bool Force { get; } = force;

    /// <summary>
    /// Refuses, before anything is sent, two inputs that would write the same name, and (without <c>--force</c>)
    /// a name that exists already: <paramref name="names"/> are extension-less (<c>photo.scan</c>, any extension
    /// counts) or complete (<c>photo.ocr.json</c>, <paramref name="exact"/>).
    /// </summary>
    /// <exception cref="UsageException">A collision or an existing output.</exception>
    public void CheckFree(IReadOnlyList<(string Input, string Name)> names, bool exact)
    {
        var clash = names.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new UsageException($"{string.Join(" and ", clash.Select(c => $"'{c.Input}'"))} would write the same output '{clash.Key}' in {Directory}: process them in separate runs or rename one.");
        }

        if (Force || !System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var existing = names
            .SelectMany(n => exact
                ? (File.Exists(Path.Combine(Directory, n.Name)) ? [Path.Combine(Directory, n.Name)] : [])
                : System.IO.Directory.EnumerateFiles(Directory, n.Name + ".*"))
            .Select(Path.GetFileName)
            .ToList();
        if (existing.Count > 0)
        {
            throw new UsageException($"{Describe(existing)} already {(existing.Count == 1 ? "exists" : "exist")} in {Directory}: add --force to overwrite, or choose another folder with -o.");
        }
    }

    private static string Describe(List<string?> names)
        => names.Count <= 3 ? string.Join(", ", names.Select(n => $"'{n}'")) : $"'{names[0]}' and {names.Count - 1} more outputs";
}

/// <summary>
/// The outputs of one input: each is written to a temporary file in the output folder and renamed only when the whole
/// input succeeded, so an error or Ctrl+C never leaves a half-written or partial output.
/// </summary>
internal sealed class OutputStage(OutputFolder folder) : IDisposable
{
    private readonly List<(string Temp, string Final)> _files = [];

    /// <summary>Writes one output; its extension is chosen afterwards from what <paramref name="write"/> returns (a media type).</summary>
    public async Task StageAsync(string name, Func<Stream, Task<string?>> write, string fallbackExtension)
    {
        System.IO.Directory.CreateDirectory(folder.Directory);
        string temp = Path.Combine(folder.Directory, $".{name}.{Guid.NewGuid():N}.tmp");
        _files.Add((temp, string.Empty));
        string? contentType;
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            contentType = await write(stream);
        }

        _files[^1] = (temp, Path.Combine(folder.Directory, name + ExtensionOf(contentType, fallbackExtension)));
    }

    /// <summary>Writes one output whose complete name is known.</summary>
    public Task StageExactAsync(string fileName, Func<Stream, Task> write)
        => StageAsync(Path.GetFileNameWithoutExtension(fileName), async stream =>
        {
            await write(stream);
            return null;
        }, Path.GetExtension(fileName));

    /// <summary>Renames every staged file to its final name; returns the final paths.</summary>
    public List<string> Commit()
    {
        var done = new List<string>();
        foreach (var (temp, final) in _files)
        {
            File.Move(temp, final, folder.Force);
            done.Add(final);
        }

        _files.Clear();
        return done;
    }

    /// <summary>Deletes what was staged and not committed.</summary>
    public void Dispose()
    {
        foreach (var (temp, _) in _files)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Best effort: a temp file is named .<name>.<guid>.tmp, never mistaken for an output.
            }
        }

        _files.Clear();
    }

    public static string ExtensionOf(string? contentType, string fallback) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/png" => ".png",
        "image/jpeg" or "image/jpg" => ".jpg",
        "image/bmp" => ".bmp",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        _ => fallback,
    };

    public static string MediaTypeOf(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Bmp => "image/bmp",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Pdf => "application/pdf",
        _ => "image/png",
    };
}
