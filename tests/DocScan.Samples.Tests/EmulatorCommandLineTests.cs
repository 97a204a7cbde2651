using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;

namespace DocScan.Samples.Tests;

/// <summary>The emulator as `dotnet run --project src/DocScan.Emulator` runs it: its built program, as a process.</summary>
public class EmulatorCommandLineTests
{
    [Fact]
    public async Task Emulator_on_a_taken_port_names_the_port_and_how_to_pick_another_without_a_stack_trace()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await RunToEndAsync("--base-port", (taken > 65530 ? taken - 4 : taken).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"port {taken} (", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("already in use", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--base-port 0", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--base-port", "abc")]
    [InlineData("--base-port", "70000")]
    [InlineData("--shell", "fish")]
    public async Task Emulator_refuses_a_bad_argument_with_exit_code_2_and_the_usage(string option, string value)
    {
        var result = await RunToEndAsync(option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--base-port N", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_prints_export_lines_that_bash_takes_as_exported_variables()
    {
        string[] exports = await PrintedVariableLinesAsync("posix");

        Assert.Equal(12, exports.Length);
        Assert.All(exports, line => Assert.StartsWith("export DocScan__", line, StringComparison.Ordinal));

        // Pasted into bash, a child process (the sample) must see every variable.
        var bash = await RunAsync("bash", ["-c", string.Join('\n', exports) + "\nprintenv DocScan__ClipImg__BaseAddress DocScan__ProcessImage__AppSecret"]);
        Assert.Equal(0, bash.ExitCode);
        string[] seen = bash.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", seen[0]);
        Assert.Equal(EmulatorCredentials.ProcessImageAppSecret, seen[1]);
    }

    [Fact]
    public async Task Emulator_prints_PowerShell_assignments_on_request()
    {
        string[] lines = await PrintedVariableLinesAsync("powershell");

        Assert.Equal(12, lines.Length);
        Assert.Contains($"$env:DocScan__ClipImg__ApiKey = '{EmulatorCredentials.ClipImgApiKey}'", lines);
        Assert.All(lines, line => Assert.Matches(@"^\$env:DocScan__\w+ = '[^']*'$", line));
    }

    /// <summary>Starts the emulator on free ports, reads the variable lines it prints, and stops it.</summary>
    private static async Task<string[]> PrintedVariableLinesAsync(string shell)
    {
        using var process = Process.Start(StartInfo(EmulatorArguments("--base-port", "0", "--shell", shell)))!;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var lines = new List<string>();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.StartsWith("processimage.cn token endpoint", StringComparison.Ordinal))
            {
                if (line.Contains("DocScan__", StringComparison.Ordinal))
                {
                    lines.Add(line);
                }
            }

            return [.. lines];
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static Task<ProcessResult> RunToEndAsync(params string[] arguments) => RunAsync(DotnetHost, EmulatorArguments(arguments));

    private static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var info = StartInfo([.. arguments]);
        info.FileName = fileName;
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new ProcessResult(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    // `dotnet DocScan.Emulator.dll`: the program the project reference copied next to the tests.
    private static string[] EmulatorArguments(params string[] arguments)
        => [Path.Combine(AppContext.BaseDirectory, "DocScan.Emulator.dll"), .. arguments];

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
}
