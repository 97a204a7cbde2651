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
    public void Every_result_and_the_exception_can_be_built_by_users_with_all_their_public_data()
    {
        var results = Sdk.GetExportedTypes().Where(t => typeof(DocScanResult).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.NotEmpty(results);
        var factory = typeof(DocScanModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static);
        var problems = new System.Collections.Generic.List<string>();
        foreach (var type in results)
        {
            var method = factory.SingleOrDefault(m => m.ReturnType == type);
            if (method is null)
            {
                problems.Add(type.Name + " has no DocScanModelFactory method");
                continue;
            }

            var parameters = method.GetParameters().Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);

            // Vendor and Operation are the factory's to set; a processimage.cn ResponseCode follows FromCache, a submission's status is always 52000.
            var missing = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true } && p.Name is not (nameof(DocScanResult.Vendor) or nameof(DocScanResult.Operation) or "ResponseCode"))
                .Where(p => !(type.Name == "ProcessImageSubmitResult" && p.Name == "ProcessStatus"))
                .Where(p => !(p.Name == nameof(DocScanResult.AdditionalData) && type.GetProperty("BytesWritten") is not null)) // a download has no JSON
                .Where(p => !parameters.Contains(p.Name))
                .Select(p => type.Name + "." + p.Name);
            problems.AddRange(missing);
        }

        Assert.Empty(problems);
        Assert.Contains(factory, m => m.ReturnType == typeof(DocScanException));
        Assert.Contains(typeof(DocScanException).GetConstructors(), c => c.IsPublic);
    }

    [Fact]
    public void The_five_clients_read_alike_unsealed_virtual_mockable_with_the_same_constructors()
    {
        var problems = new System.Collections.Generic.List<string>();
        foreach (var vendor in Vendors)
        {
            var client = Sdk.GetType($"DocScan.Sdk.{vendor}.{vendor}Client", throwOnError: true)!;
            var options = Sdk.GetType($"DocScan.Sdk.{vendor}.{vendor}ClientOptions", throwOnError: true)!;
            var contract = Sdk.GetType($"DocScan.Sdk.{vendor}.I{vendor}Client", throwOnError: true)!;
            if (client.IsSealed)
            {
                problems.Add(client.Name + " is sealed");
            }

            var ctors = client.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Where(c => c.IsPublic || c.IsFamily)
                .Select(c => (c.IsFamily ? "protected " : "public ") + string.Join(", ", c.GetParameters().Select(p => p.ParameterType == options ? "TOptions" : p.ParameterType.Name)))
                .OrderBy(x => x, StringComparer.Ordinal)
                .ToList();
            var expected = new[] { "protected ", "public TOptions", "public TOptions, HttpMessageHandler, ILoggerFactory, TimeProvider" };
            if (!ctors.SequenceEqual(expected))
            {
                problems.Add(client.Name + " constructors: " + string.Join(" | ", ctors));
            }

            foreach (var method in contract.GetMethods())
            {
                var implementation = client.GetMethod(method.Name, method.GetParameters().Select(p => p.ParameterType).ToArray())!;
                if (!implementation.IsVirtual || implementation.IsFinal)
                {
                    problems.Add(client.Name + "." + method.Name + " is not virtual");
                }

                string operation = method.Name.Substring(0, method.Name.Length - "Async".Length);
                var parameters = method.GetParameters();
                var result = method.ReturnType.GetGenericArguments().Single();
                if (result.Name != vendor + operation + "Result")
                {
                    problems.Add($"{client.Name}.{method.Name} returns {result.Name}, not {vendor}{operation}Result");
                }

                var bags = parameters.Where(p => p.ParameterType.Name.EndsWith("Options", StringComparison.Ordinal)).ToList();
                foreach (var bag in bags)
                {
                    if (bag.ParameterType.Name != vendor + operation + "Options" || bag.Position != parameters.Length - 2 || !bag.HasDefaultValue || bag.DefaultValue is not null)
                    {
                        problems.Add($"{client.Name}.{method.Name}: {bag.ParameterType.Name} {bag.Name} must be {vendor}{operation}Options, last before the token, default null");
                    }
                }

                var image = parameters.FirstOrDefault(p => p.ParameterType == typeof(ImageInput));
                if (image is not null && image.Name != "image")
                {
                    problems.Add($"{client.Name}.{method.Name}: the image parameter is '{image.Name}'");
                }
            }

            if (options.GetField("DefaultMaxImageBytes", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } || options.GetProperty("MaxImageBytes") is null)
            {
                problems.Add(options.Name + " lacks MaxImageBytes and its public DefaultMaxImageBytes constant");
            }
        }

        Assert.Empty(problems);
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
                    if (Regex.IsMatch(text, $@"\bDocScan\.Sdk\.{other}\b|\b{other}(Client|ClientOptions)\b"))
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
