using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DocScan.Samples.Tests;

/// <summary>Every file README.md, samples/README.md and docs/ point a reader to exists in the repository.</summary>
public partial class DocumentationLinkTests
{
    private static readonly string[] Pages =
    [
        "README.md",
        "samples/README.md",
        .. Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Every_relative_Markdown_link_in_the_docs_points_to_an_existing_file()
    {
        var dangling = new List<string>();
        foreach (string page in Pages)
        {
            foreach (Match link in MarkdownLink().Matches(Read(page)))
            {
                string target = link.Groups["target"].Value;
                if (target.StartsWith('#') || UriScheme().IsMatch(target))
                {
                    continue; // an anchor in the page, or a web address
                }

                if (!Exists(Path.GetDirectoryName(Repository.PathOf(page))!, Uri.UnescapeDataString(target.Split('#')[0])))
                {
                    dangling.Add($"{page}: ({target})");
                }
            }
        }

        Assert.True(dangling.Count == 0, "Dangling links:\n" + string.Join('\n', dangling));
    }

    [Fact]
    public void Every_repository_path_the_docs_mention_exists()
    {
        // Paths such as samples/assets/watermarked.png or `dotnet run --project src/DocScan.Emulator`, also in code blocks.
        var missing = new List<string>();
        foreach (string page in Pages)
        {
            foreach (Match path in RepositoryPath().Matches(Read(page)))
            {
                if (!Exists(Repository.Root, path.Value))
                {
                    missing.Add($"{page}: {path.Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Paths not in the repository:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_file_named_in_inline_code_in_the_docs_exists()
    {
        // `appsettings.json`, `assets/make-assets.cs`, `some/folder/`: a bare name must exist somewhere in the
        // repository, a path next to the page or from the root. Fenced code blocks are commands, checked above.
        HashSet<string> names = RepositoryFileNames();
        var missing = new List<string>();
        foreach (string page in Pages)
        {
            string prose = FencedBlock().Replace(Read(page), string.Empty);
            foreach (Match code in InlineFileReference().Matches(prose))
            {
                string reference = code.Groups["path"].Value;
                string folder = Path.GetDirectoryName(Repository.PathOf(page))!;
                bool found = reference.TrimEnd('/').Contains('/', StringComparison.Ordinal)
                    ? Exists(folder, reference) || Exists(Repository.Root, reference)
                    : names.Contains(reference.TrimEnd('/')) || Exists(folder, reference);
                if (!found)
                {
                    missing.Add($"{page}: `{reference}`");
                }
            }
        }

        Assert.True(missing.Count == 0, "Files named in the docs but not in the repository:\n" + string.Join('\n', missing));
    }

    private static string Read(string page) => File.ReadAllText(Repository.PathOf(page));

    private static bool Exists(string folder, string relative)
    {
        string path = Path.GetFullPath(Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar)));
        return File.Exists(path) || Directory.Exists(path);
    }

    private static HashSet<string> RepositoryFileNames()
    {
        string[] skipped = ["bin", "obj", ".git", "TestResults", "docscan-output"];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var folders = new Stack<DirectoryInfo>([new DirectoryInfo(Repository.Root)]);
        while (folders.TryPop(out var folder))
        {
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                names.Add(entry.Name);
                if (entry is DirectoryInfo sub && !skipped.Contains(sub.Name, StringComparer.Ordinal))
                {
                    folders.Push(sub);
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"(?<![\w/.-])(?:src|samples|docs|tests|benchmarks|\.ci)/[A-Za-z0-9_./-]*[A-Za-z0-9_/]")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();

    // Inline code that looks like a file or folder: a known extension, or a trailing slash; no spaces, wildcards or
    // placeholders, not an absolute, URL or working-directory path (`/api/pic/scan/`, `./docscan-output/`), not a media type (`image/png` has no extension).
    [GeneratedRegex(@"`(?<path>(?![/\\]|\./)[A-Za-z0-9_.-][A-Za-z0-9_./-]*(?:\.(?:md|cs|csproj|sln|props|json|png|sh|yml|yaml|txt)|/))`")]
    private static partial Regex InlineFileReference();
}
