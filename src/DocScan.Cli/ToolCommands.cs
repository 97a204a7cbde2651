using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace DocScan.Cli;

/// <summary>One vendor in <c>docscan config check</c>: <c>configured</c>, <c>not configured</c> or <c>invalid</c>, never a secret.</summary>
internal sealed record VendorCheck(string Vendor, string Section, string Status, string Endpoint, List<string> Problems);


internal sealed partial class Commands
{
    public Command Config()
    {
        var check = new Command("check", "Say which vendors are configured and whether their settings are valid, without calling them or printing a secret.");
        check.SetAction(async (parse, ct) =>
        {
            await using var session = await ClientSession.CreateAsync(host, parse.GetValue(globals.Config)?.FullName, parse.GetValue(globals.Emulator), ct);
            List<VendorCheck> checks = Check(session);
            IEnumerable<string> secrets = Vendor.All
                .SelectMany(v => v.CredentialSettings)
                .Select(key => session.Configuration[key])
                .Where(value => value is { Length: >= 4 })
                .Select(value => value!);
            if (parse.GetValue(globals.Json))
            {
                foreach (var vendorCheck in checks)
                {
                    host.Out.WriteLine(Scrub(CliJson.Line(vendorCheck), secrets));
                }
            }
            else
            {
                var table = new Table().Border(TableBorder.Simple);
                table.AddColumns("vendor", "status", "endpoint", "settings to check");
                foreach (var c in checks)
                {
                    string problems = c.Problems.Count == 0 ? "-" : string.Join('\n', c.Problems);
                    table.AddRow(new Text(c.Vendor), new Text(c.Status), new Text(c.Endpoint), new Text(Scrub(problems, secrets)));
                }

                Reporter.CreateConsole(host.Out, host.IsTerminal).Write(table);
            }

            bool ok = checks.All(c => c.Status != "invalid") && checks.Any(c => c.Status == "configured");
            if (!ok)
            {
                host.Error.WriteLine(checks.Any(c => c.Status == "invalid")
                    ? "Some settings are invalid (see above)."
                    : "No vendor is configured: set DocScan__<Vendor>__ApiKey (or AppId and AppSecret), use --config, user secrets, or --emulator.");
            }

            return ok ? ExitCodes.Success : ExitCodes.Authentication;
        });
        return new Command("config", "Check the configuration: environment variables, --config file, user secrets.") { check };
    }

    /// <summary>Each vendor's state: its credentials' presence, the options validation's messages for its section (which name settings, never values).</summary>
    private static List<VendorCheck> Check(ClientSession session)
    {
        IReadOnlyList<string> failures = [];
        try
        {
            session.CheckOptions();
        }
        catch (ConfigurationException e)
        {
            failures = e.Details;
        }

        return Vendor.All.Select(vendor =>
        {
            string prefix = $"{DocScanOptions.SectionName}:{vendor.Section}:";
            var problems = failures.Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            string status = problems.Count > 0 ? "invalid"
                : vendor.HasCredentials(session.Configuration) ? "configured"
                : "not configured";
            if (status == "not configured")
            {
                problems.Add($"set {string.Join(" and ", vendor.CredentialSettings)}");
            }

            return new VendorCheck(vendor.Name, vendor.Section, status, Endpoint(session.Configuration[prefix + "BaseAddress"]), problems);
        }).ToList();
    }

    /// <summary>Scheme, host and port only: a URL may carry credentials in its user info or query.</summary>
    private static string Endpoint(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return "(the vendor's default)";
        }

        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal) : "(not an absolute URL)";
    }

    /// <summary>Belt and braces: the SDK's messages never contain a secret, and this makes sure none slips through.</summary>
    private static string Scrub(string text, IEnumerable<string> secrets)
        => secrets.Aggregate(text, (current, secret) => current.Replace(secret, "***", StringComparison.Ordinal));

    public Command Emulator()
    {
        var basePort = new Option<int>("--base-port")
        {
            Description = "Ports N..N+4 for ClipImg, Qingyang, processimage.cn, Aliyun IQS, e签宝 (default 5301; 0 = free ports).",
            DefaultValueFactory = _ => 5301,
        };
        basePort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65530)
            {
                result.AddError("--base-port must be 0 (free ports) or 1..65530.");
            }
        });
        var shell = new Option<string>("--shell")
        {
            Description = "How the variables are printed: posix (export) or powershell ($env:). Default: powershell on Windows, else posix.",
            DefaultValueFactory = _ => OperatingSystem.IsWindows() ? "powershell" : "posix",
        };
        shell.AcceptOnlyFromAmong("posix", "powershell");
        var command = new Command("emulator", "Run the emulator of all five APIs in the foreground and print the variables that point an app at it.") { basePort, shell };
        command.SetAction(async (parse, ct) =>
        {
            DocScanEmulator emulator;
            try
            {
                emulator = await DocScanEmulator.StartAsync(new EmulatorOptions { BasePort = parse.GetValue(basePort) }, ct);
            }
            catch (IOException e)
            {
                host.Error.WriteLine($"The emulator cannot listen on 127.0.0.1: {e.Message}");
                host.Error.WriteLine("Stop the program holding the port, or pick others: docscan emulator --base-port 0 (free ports; it prints which).");
                return ExitCodes.Failed;
            }

            await using (emulator)
            {
                EmulatorBanner.Write(host.Out, emulator, parse.GetValue(shell) == "powershell");
                await host.Out.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    host.Out.WriteLine("Stopping.");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
