using System;
using System.Collections.Generic;
using System.IO;
using DocScan.Emulator;

namespace DocScan.Cli;

/// <summary>Where a run reads and writes: the real console in <see cref="Program"/>, strings and in-memory settings in tests.</summary>
internal sealed class CliHost
{
    /// <summary>Standard output: the table, or the JSON lines with <c>--json</c>.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: messages for people.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Opens standard input (the <c>-</c> input).</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;

    /// <summary>Whether standard output is a terminal: colours and the progress bar only then.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The environment variables to read configuration from; <see langword="null"/> reads the process's.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Whether .NET user secrets (UserSecretsId <c>docscan-cli</c>) are read.</summary>
    public bool ReadUserSecrets { get; init; } = true;

    /// <summary>Settings applied after every other source (tests: quotas off, so a test takes milliseconds).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>How <c>--emulator</c> starts the emulator; <see langword="null"/> uses the vendors' documented quotas on free ports.</summary>
    public Func<EmulatorOptions>? EmulatorOptions { get; init; }
}
