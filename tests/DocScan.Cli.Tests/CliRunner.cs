using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;

namespace DocScan.Cli.Tests;

/// <summary>What one run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output as JSON lines; fails the test if any line is not a JSON object.</summary>
    public List<JsonElement> JsonLines()
        => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
                return document.RootElement.Clone();
            })
            .ToList();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs docscan in-process, reading no process environment or user secrets, so each test sees only its own settings.</summary>
internal static class CliRunner
{
    public static string Asset(string name) => Path.Combine(AppContext.BaseDirectory, "assets", name);

    /// <summary>The emulator without the vendors' quotas, so a test takes milliseconds, not the quota's seconds.</summary>
    public static EmulatorOptions FastEmulator()
    {
        var options = new EmulatorOptions();
        options.ClipImg.RequestsPerSecond = null;
        options.ClipImg.RequestsPerMinute = null;
        options.ProcessImage.RequestsPerSecond = null;
        options.Esign.RequestsPerSecond = null;
        return options;
    }

    /// <summary>The clients without their quotas (they match the emulator's, which <see cref="FastEmulator"/> switches off).</summary>
    public static readonly Dictionary<string, string?> NoClientQuotas = new()
    {
        ["DocScan:ClipImg:RateLimit:Enabled"] = "false",
        ["DocScan:ProcessImage:RateLimit:Enabled"] = "false",
        ["DocScan:Esign:RateLimit:Enabled"] = "false",
    };

    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?>? environment = null,
        Func<Stream>? standardInput = null,
        Func<EmulatorOptions>? emulator = null,
        TextWriter? stdout = null,
        CancellationTokenSource? cancel = null)
    {
        var output = stdout ?? new ConcurrentWriter();
        var error = new ConcurrentWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            Environment = environment ?? new Dictionary<string, string?>(),
            ReadUserSecrets = false,
            Settings = NoClientQuotas,
            EmulatorOptions = emulator ?? FastEmulator,
            OpenStandardInput = standardInput ?? (() => Stream.Null),
        };
        int code = await CliApp.RunAsync(args, host, cancel?.Token ?? TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString()!, error.ToString()!);
    }

    /// <summary>Environment variables pointing every vendor at <paramref name="emulator"/> with its credentials, as <c>docscan emulator</c> prints them.</summary>
    public static Dictionary<string, string?> EnvironmentFor(DocScanEmulator emulator) => new()
    {
        ["DocScan__ClipImg__BaseAddress"] = emulator.ClipImgBaseAddress.ToString(),
        ["DocScan__ClipImg__ApiKey"] = EmulatorCredentials.ClipImgApiKey,
        ["DocScan__ProcessImage__BaseAddress"] = emulator.ProcessImageBaseAddress.ToString(),
        ["DocScan__ProcessImage__AppId"] = EmulatorCredentials.ProcessImageAppId,
        ["DocScan__ProcessImage__AppSecret"] = EmulatorCredentials.ProcessImageAppSecret,
        ["DocScan__Esign__BaseAddress"] = emulator.EsignBaseAddress.ToString(),
        ["DocScan__Esign__AppId"] = EmulatorCredentials.EsignAppId,
        ["DocScan__Esign__AppSecret"] = EmulatorCredentials.EsignAppSecret,
    };
}

/// <summary>A string writer that may be written and read from several threads (inputs in parallel, a test polling).</summary>
internal sealed class ConcurrentWriter : StringWriter
{
    private readonly object _gate = new();

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }
}

/// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("docscan-cli-tests-").FullName;

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Every file in the folder, by name, including hidden temporary files.</summary>
    public string[] Files() => Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
