using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DocScan.Sdk;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace DocScan.Cli;

/// <summary>One input: a file on disk, or standard input read into memory.</summary>
internal sealed class InputFile
{
    private InputFile(string display, string stem, string? path, byte[]? bytes)
    {
        Display = display;
        Stem = stem;
        Path = path;
        Bytes = bytes;
    }

    /// <summary>How the input is named in the table and in JSON (<c>file</c>): the path as given or found, or <c>-</c>.</summary>
    public string Display { get; }

    /// <summary>The name outputs are derived from: the file name without its extension, <c>stdin</c> for <c>-</c>.</summary>
    public string Stem { get; }

    /// <summary>The full path, or <see langword="null"/> for standard input.</summary>
    public string? Path { get; }

    private byte[]? Bytes { get; }

    public static InputFile FromPath(string display, string path)
        => new(display, System.IO.Path.GetFileNameWithoutExtension(path), System.IO.Path.GetFullPath(path), null);

    public static InputFile FromStandardInput(byte[] bytes) => new("-", "stdin", null, bytes);

    /// <summary>A fresh <see cref="ImageInput"/> for one call.</summary>
    public ImageInput ToImageInput() => Path is null ? ImageInput.FromBytes(Bytes, "stdin") : ImageInput.FromFile(Path);
}

/// <summary>Turns the command line's inputs into files: paths, globs (expanded here, as Windows shells do not), directories with <c>-r</c>, <c>-</c>.</summary>
internal static class InputFiles
{
    /// <summary>What a directory contributes: image and PDF files, never what docscan itself wrote.</summary>
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif", ".tif", ".tiff", ".pdf"];

    /// <summary>The suffixes docscan gives its outputs (<c>photo.scan.png</c>): skipped inside directories, so a re-run does not scan its own outputs.</summary>
    private static readonly string[] OutputMarks = [".scan.", ".nowm.", ".ocr.", ".layout."];

    /// <exception cref="UsageException">An input does not exist, matches nothing, or is a directory without <c>-r</c>.</exception>
    public static List<InputFile> Expand(IReadOnlyList<string> arguments, bool recursive, Func<Stream> standardInput)
    {
        var files = new List<InputFile>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (string argument in arguments)
        {
            if (argument == "-")
            {
                if (files.Any(f => f.Path is null))
                {
                    throw new UsageException("'-' (standard input) can be given only once.");
                }

                using var stream = standardInput();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                files.Add(InputFile.FromStandardInput(buffer.ToArray()));
            }
            else if (File.Exists(argument))
            {
                Add(argument, argument);
            }
            else if (Directory.Exists(argument))
            {
                if (!recursive)
                {
                    throw new UsageException($"'{argument}' is a directory: add -r to process the images in it and its subdirectories.");
                }

                foreach (string path in Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories).Where(IsImage).Order(StringComparer.Ordinal))
                {
                    Add(path, path);
                }
            }
            else if (argument.IndexOfAny(['*', '?']) >= 0)
            {
                List<string> matches = Glob(argument);
                if (matches.Count == 0)
                {
                    throw new UsageException($"'{argument}' matches no file.");
                }

                matches.ForEach(path => Add(path, path));
            }
            else
            {
                throw new UsageException($"'{argument}' does not exist.");
            }
        }

        return files;

        void Add(string display, string path)
        {
            if (seen.Add(Path.GetFullPath(path)))
            {
                files.Add(InputFile.FromPath(display, path));
            }
        }
    }

    private static bool IsImage(string path)
    {
        string name = Path.GetFileName(path);
        return Extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)
            && !OutputMarks.Any(mark => name.Contains(mark, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Expands <c>*</c>, <c>?</c> and <c>**</c> (any depth) from the deepest folder without a wildcard.</summary>
    private static List<string> Glob(string pattern)
    {
        string normalized = pattern.Replace('\\', '/');
        string[] parts = normalized.Split('/');
        int fixedParts = 0;
        while (fixedParts < parts.Length - 1 && parts[fixedParts].IndexOfAny(['*', '?']) < 0)
        {
            fixedParts++;
        }

        string root = fixedParts == 0 ? "." : string.Join('/', parts.Take(fixedParts));
        if (root.Length == 0)
        {
            root = "/"; // an absolute pattern such as /scans/*.png
        }

        if (!Directory.Exists(root))
        {
            return [];
        }

        var matcher = new Matcher(OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', parts.Skip(fixedParts)));
        string prefix = fixedParts == 0 ? string.Empty : root.TrimEnd('/') + "/";
        return matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(root)))
            .Files
            .Select(match => (prefix + match.Path).Replace('/', Path.DirectorySeparatorChar))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>Invalid usage or input, found before anything was sent: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Missing or invalid configuration, found before anything was sent: exit code 3.</summary>
internal sealed class ConfigurationException(string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
