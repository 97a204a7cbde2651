using System;
using System.IO;

namespace DocScan.Samples.Tests;

/// <summary>Where the repository's files are, found from the test's output folder.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocScan.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No DocScan.Sdk.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The folder holding DocScan.Sdk.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path under the root, given with forward slashes.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
}
