using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Tests;

/// <summary>House rules that keep the package consistent without review.</summary>
public class ConventionTests
{
    private static readonly string[] Vendors = { "ClipImg", "Qingyang", "ProcessImage", "AliyunIqs", "Esign" };

    private static readonly Assembly Sdk = typeof(DocScanException).Assembly;

    [Fact]
    public void Every_public_async_method_ends_with_a_cancellation_token()
    {
        var offenders = Sdk.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("ValueTask", StringComparison.Ordinal))
            .Where(m => m.GetParameters().LastOrDefault()?.ParameterType != typeof(CancellationToken))
            .Select(m => m.DeclaringType!.Name + "." + m.Name)
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_public_async_method_is_named_async()
    {
        var offenders = Sdk.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) && !m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(m => m.DeclaringType!.Name + "." + m.Name)
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_result_and_the_exception_can_be_built_by_users_for_their_own_tests()
    {
        var results = Sdk.GetExportedTypes().Where(t => typeof(DocScanResult).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.NotEmpty(results);
        Assert.Empty(results.Where(t => t.GetConstructors().Length == 0).Select(t => t.Name));
        Assert.NotEmpty(typeof(DocScanException).GetConstructors());
        Assert.True(typeof(DocScanResult).GetProperty(nameof(DocScanResult.Attempts))!.SetMethod!.IsPublic, "base properties are init-settable");
    }

    [Fact]
    public void Vendor_folders_never_reference_each_other_and_core_and_http_name_no_vendor()
    {
        var src = Path.Combine(RepoRoot(), "src", "DocScan.Sdk");
        var problems = new System.Collections.Generic.List<string>();
        foreach (var vendor in Vendors)
        {
            var dir = Path.Combine(src, vendor);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (var other in Vendors.Where(v => v != vendor))
                {
                    if (Regex.IsMatch(text, $@"\bDocScan\.Sdk\.{other}\b|\b{other}(Client|Options)\b"))
                    {
                        problems.Add($"{Path.GetRelativePath(src, file)} references {other}");
                    }
                }
            }
        }

        foreach (var shared in new[] { "Core", "Http" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(src, shared), "*.cs", SearchOption.AllDirectories))
            {
                var code = Regex.Replace(File.ReadAllText(file), @"//.*|///.*", string.Empty);
                foreach (var vendor in Vendors)
                {
                    if (Regex.IsMatch(code, $@"\b{vendor}\b", RegexOptions.IgnoreCase))
                    {
                        problems.Add($"{shared}/{Path.GetFileName(file)} names {vendor}");
                    }
                }
            }
        }

        Assert.Empty(problems);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocScan.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DocScan.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
