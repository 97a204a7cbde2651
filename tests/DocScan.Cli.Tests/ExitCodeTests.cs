using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using static DocScan.Cli.Tests.CliRunner;

namespace DocScan.Cli.Tests;

/// <summary>The exit codes docs/cli.md promises, one test each.</summary>
public class ExitCodeTests
{
    [Theory]
    [InlineData("scan")]
    [InlineData("bogus")]
    [InlineData("scan", "--parallel", "0", "photo.png")]
    [InlineData("scan", "--vendor", "nope", "photo.png")]
    [InlineData("layout", "photo.png")]
    [InlineData("emulator", "--base-port", "70000")]
    public async Task Invalid_arguments_exit_with_2_and_point_to_the_help(params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Help_exits_with_0_and_lists_the_commands()
    {
        var result = await RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.All(new[] { "scan", "layout", "ocr", "watermark", "config", "emulator" }, command => Assert.Contains(command, result.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_input_file_exits_with_2_before_anything_is_sent()
    {
        var result = await RunAsync(["scan", "--emulator", Path.Combine(Path.GetTempPath(), "no-such-photo.png")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_without_r_exits_with_2()
    {
        using var folder = new TempFolder();

        var result = await RunAsync(["scan", "--emulator", folder.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-r", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qingyang_option_without_qingyang_exits_with_2()
    {
        var result = await RunAsync(["ocr", "--emulator", "--category", "身份证", Asset("idcard-front.png")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--vendor qingyang", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_without_credentials_exits_with_3_naming_the_setting()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["scan", Asset("document-photo.png"), "-o", output.Path]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("DocScan:ClipImg:ApiKey", result.Error, StringComparison.Ordinal);
        Assert.Contains("DocScan__ClipImg__ApiKey", result.Error, StringComparison.Ordinal);
        Assert.Empty(output.Files());
    }

    [Fact]
    public async Task A_wrong_key_exits_with_3_and_reports_authentication()
    {
        await using var emulator = await DocScanEmulator.StartAsync(FastEmulator(), TestContext.Current.CancellationToken);
        var environment = EnvironmentFor(emulator);
        environment["DocScan__ClipImg__ApiKey"] = "not-the-right-key";
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--json", Asset("document-photo.png"), "-o", output.Path], environment);

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.JsonLines());
        Assert.Equal("failed", line.GetProperty("status").GetString());
        Assert.Equal("authentication", line.GetProperty("error").GetProperty("kind").GetString());
        Assert.DoesNotContain("not-the-right-key", result.Out + result.Error, StringComparison.Ordinal);
        Assert.Empty(output.Files());
    }

    [Fact]
    public async Task An_account_without_points_exits_with_4()
    {
        await using var emulator = await DocScanEmulator.StartAsync(FastEmulator(), TestContext.Current.CancellationToken);
        var environment = EnvironmentFor(emulator);
        environment["DocScan__ClipImg__ApiKey"] = EmulatorCredentials.ClipImgNoPointsApiKey;
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--json", Asset("document-photo.png"), "-o", output.Path], environment);

        Assert.Equal(4, result.ExitCode);
        var error = Assert.Single(result.JsonLines()).GetProperty("error");
        Assert.Equal("insufficientQuota", error.GetProperty("kind").GetString());
        Assert.Equal("402", error.GetProperty("vendorCode").GetString());
        Assert.Empty(output.Files()); // the download failed: no empty or partial file is left
    }

    [Fact]
    public async Task One_good_and_one_corrupt_file_exit_with_5_and_keep_the_good_output()
    {
        using var inputs = new TempFolder();
        File.WriteAllText(inputs["corrupt.png"], "this is not an image");
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--emulator", "--json", Asset("document-photo.png"), inputs["corrupt.png"], "-o", output.Path]);

        Assert.Equal(5, result.ExitCode);
        var lines = result.JsonLines();
        Assert.Equal(["ok", "failed"], lines.Select(l => l.GetProperty("status").GetString()));
        Assert.Equal("invalidRequest", lines[1].GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(["document-photo.scan.png"], output.Files());
    }

    [Fact]
    public async Task Every_file_failing_for_another_reason_exits_with_1()
    {
        using var inputs = new TempFolder();
        File.WriteAllText(inputs["corrupt.png"], "this is not an image");
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--emulator", inputs["corrupt.png"], "-o", output.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed", result.Out, StringComparison.Ordinal); // the table's status column
        Assert.Empty(output.Files());
    }

    [Fact]
    public async Task Cancelling_keeps_finished_outputs_discards_the_one_in_flight_starts_no_more_and_exits_with_130()
    {
        await using var emulator = await DocScanEmulator.StartAsync(FastEmulator(), TestContext.Current.CancellationToken);
        // The first download answers at once, the second hangs: Ctrl+C comes while its output is being written.
        emulator.Faults.Add(EmulatorVendor.ClipImg, new EmulatorFault { Delay = TimeSpan.FromMilliseconds(1) }, path: "/api/pic/scan/download");
        emulator.Faults.Add(EmulatorVendor.ClipImg, EmulatorFault.Hang(), path: "/api/pic/scan/download");
        using var inputs = new TempFolder();
        foreach (string name in new[] { "a.png", "b.png", "c.png" })
        {
            File.Copy(Asset("document-photo.png"), inputs[name]);
        }

        using var output = new TempFolder();
        using var cancel = new CancellationTokenSource();
        Task<CliResult> run = RunAsync(["scan", "--json", inputs["a.png"], inputs["b.png"], inputs["c.png"], "-o", output.Path], EnvironmentFor(emulator), cancel: cancel);

        // Wait until b's download is in flight: a's output is there and b's temporary file is being written.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(output.Files().Contains("a.scan.png") && output.Files().Any(f => f.EndsWith(".tmp", StringComparison.Ordinal))) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        if (run.IsCompleted)
        {
            Assert.Fail("The run ended before it was cancelled: " + await run);
        }

        Assert.Contains(output.Files(), name => name.EndsWith(".tmp", StringComparison.Ordinal)); // b's download is being written
        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(["a.scan.png"], output.Files()); // no b.scan.png, no temporary file
        Assert.Equal(["ok", "cancelled", "skipped"], result.JsonLines().Select(l => l.GetProperty("status").GetString()));
        Assert.Contains("1 of 3 ok", result.Error, StringComparison.Ordinal);
        Assert.Contains("cancelled", result.Error, StringComparison.Ordinal);
    }
}
