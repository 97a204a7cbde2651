using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using static DocScan.Cli.Tests.CliRunner;

namespace DocScan.Cli.Tests;

/// <summary>Keys come from the environment, a --config file or user secrets; config check reports them without printing any.</summary>
public class ConfigurationTests
{
    [Fact]
    public async Task Keys_from_environment_variables_reach_the_client()
    {
        await using var emulator = await DocScanEmulator.StartAsync(FastEmulator(), TestContext.Current.CancellationToken);
        using var output = new TempFolder();

        var result = await RunAsync(["ocr", Asset("contract-page-1.png"), "-o", output.Path], EnvironmentFor(emulator));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(emulator.Requests.Of(EmulatorVendor.Esign));
    }

    [Fact]
    public async Task A_config_file_overrides_the_environment()
    {
        await using var emulator = await DocScanEmulator.StartAsync(FastEmulator(), TestContext.Current.CancellationToken);
        var environment = EnvironmentFor(emulator);
        environment["DocScan__Esign__AppSecret"] = "a-wrong-secret-from-the-environment";
        using var folder = new TempFolder();
        File.WriteAllText(folder["docscan.json"], $$"""{ "DocScan": { "Esign": { "AppSecret": "{{EmulatorCredentials.EsignAppSecret}}" } } }""");

        var withFile = await RunAsync(["ocr", "--config", folder["docscan.json"], Asset("contract-page-1.png"), "-o", folder.Path], environment);
        var without = await RunAsync(["ocr", "--force", Asset("contract-page-1.png"), "-o", folder.Path], environment);

        Assert.True(withFile.ExitCode == 0, withFile.ToString());
        Assert.Equal(3, without.ExitCode);
    }

    [Fact]
    public void User_secrets_are_read_under_the_documented_id()
    {
        var attribute = typeof(CliApp).Assembly.GetCustomAttributes(typeof(Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute), inherit: false);

        // docs/cli.md: dotnet user-secrets set DocScan:ClipImg:ApiKey <key> --id docscan-cli
        Assert.Equal("docscan-cli", Assert.IsType<Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute>(Assert.Single(attribute)).UserSecretsId);
    }

    [Fact]
    public async Task A_config_file_that_is_not_json_exits_with_3()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["docscan.json"], "{ \"DocScan\": ");

        var result = await RunAsync(["config", "check", "--config", folder["docscan.json"]]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot be read", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_exits_with_2()
    {
        var result = await RunAsync(["config", "check", "--config", Path.Combine(Path.GetTempPath(), "no-such-docscan.json")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_says_which_vendor_is_configured_or_invalid_and_never_prints_a_secret()
    {
        const string ApiKey = "clipimg-key-that-must-stay-secret";
        const string AppSecret = "too-short-secret-value";
        var environment = new Dictionary<string, string?>
        {
            ["DocScan__ClipImg__ApiKey"] = ApiKey,
            ["DocScan__ProcessImage__AppId"] = "ABCDEFGH12345678",
            ["DocScan__ProcessImage__AppSecret"] = AppSecret,
            ["DocScan__Esign__BaseAddress"] = "https://user:password-in-url@esign.example.com/path?token=query-secret",
        };

        var table = await RunAsync(["config", "check"], environment);
        var json = await RunAsync(["config", "check", "--json"], environment);

        Assert.Equal(3, table.ExitCode); // processimage.cn is invalid
        Assert.Equal(3, json.ExitCode);
        foreach (string printed in new[] { table.Out + table.Error, json.Out + json.Error })
        {
            Assert.DoesNotContain(ApiKey, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(AppSecret, printed, StringComparison.Ordinal);
            Assert.DoesNotContain("password-in-url", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("query-secret", printed, StringComparison.Ordinal);
        }

        var byVendor = json.JsonLines().ToDictionary(l => l.GetProperty("vendor").GetString()!, l => l);
        Assert.Equal("configured", byVendor["clipimg"].GetProperty("status").GetString());
        Assert.Equal("invalid", byVendor["processimage"].GetProperty("status").GetString());
        Assert.Contains(byVendor["processimage"].GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("DocScan:ProcessImage:AppSecret", StringComparison.Ordinal));
        Assert.Equal("not configured", byVendor["qingyang"].GetProperty("status").GetString());
        Assert.Equal("https://esign.example.com", byVendor["esign"].GetProperty("endpoint").GetString());
        Assert.Contains("invalid", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_with_the_emulator_reports_every_vendor_configured_and_exits_with_0()
    {
        var result = await RunAsync(["config", "check", "--emulator"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(5, CountOf(result.Out, "configured"));
        Assert.DoesNotContain(EmulatorCredentials.EsignAppSecret, result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorCredentials.ClipImgApiKey, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_with_nothing_configured_exits_with_3()
    {
        var result = await RunAsync(["config", "check"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("No vendor is configured", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_command_prints_the_export_lines_and_stops_on_cancellation()
    {
        var stdout = new ConcurrentWriter();
        using var cancel = new CancellationTokenSource();
        Task<CliResult> run = RunAsync(["emulator", "--base-port", "0", "--shell", "posix"], stdout: stdout, cancel: cancel);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!stdout.ToString()!.Contains("export DocScan__Esign__AppSecret", StringComparison.Ordinal) && !run.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        string[] exports = result.Out.Split('\n').Where(l => l.StartsWith("export DocScan__", StringComparison.Ordinal)).ToArray();
        Assert.Equal(12, exports.Length);
        Assert.Contains($"export DocScan__ClipImg__ApiKey='{EmulatorCredentials.ClipImgApiKey}'", exports[1], StringComparison.Ordinal);
    }

    private static int CountOf(string text, string word)
        => text.Split('\n').Count(line => line.Contains(" " + word + " ", StringComparison.Ordinal) || line.TrimEnd().EndsWith(" " + word, StringComparison.Ordinal));
}
