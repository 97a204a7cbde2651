using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Cli;

/// <summary>The <c>docscan</c> command tree; <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/> is what tests call.</summary>
internal static class CliApp
{
    /// <summary>Runs one command line with <paramref name="stdout"/> and <paramref name="stderr"/> (not a terminal).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
        => RunAsync(args, new CliHost { Out = stdout, Error = stderr }, cancellationToken);

    /// <summary>Runs one command line; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("docscan: scan, lay out, OCR and remove watermarks with ClipImg, Qingyang, processimage.cn, Aliyun IQS and e签宝.")
        {
            globals.Json,
            globals.Emulator,
            globals.Config,
        };
        var commands = new Commands(host, globals);
        root.Subcommands.Add(commands.Scan());
        root.Subcommands.Add(commands.Layout());
        root.Subcommands.Add(commands.Ocr());
        root.Subcommands.Add(commands.Watermark());
        root.Subcommands.Add(commands.Config());
        root.Subcommands.Add(commands.Emulator());

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                host.Error.WriteLine(error.Message);
            }

            host.Error.WriteLine($"Run '{string.Join(' ', CommandPath(parsed.CommandResult.Command))} --help' for the usage.");
            return ExitCodes.InvalidUsage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Program handles Ctrl+C itself, through cancellationToken
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (UsageException e)
        {
            host.Error.WriteLine(e.Message);
            return ExitCodes.InvalidUsage;
        }
        catch (ConfigurationException e)
        {
            host.Error.WriteLine(e.Message);
            foreach (string detail in e.Details)
            {
                host.Error.WriteLine("  " + detail);
            }

            return ExitCodes.Authentication;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            host.Error.WriteLine("Cancelled before any input was processed.");
            return ExitCodes.Cancelled;
        }
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "docscan" : c.Name);
        }

        return names;
    }
}

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "One JSON object per input on standard output (fields in docs/cli.md); messages go to standard error.",
        Recursive = true,
    };

    public Option<bool> Emulator { get; } = new("--emulator")
    {
        Description = "Run against the embedded emulator of all five APIs on 127.0.0.1, with its test credentials: no keys needed.",
        Recursive = true,
    };

    public Option<FileInfo> Config { get; } = new("--config")
    {
        Description = "A JSON file with a DocScan section (keys as in appsettings.json); it overrides environment variables and user secrets.",
        Recursive = true,
    };
}
