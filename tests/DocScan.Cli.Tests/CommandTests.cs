using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Emulator;
using static DocScan.Cli.Tests.CliRunner;

namespace DocScan.Cli.Tests;

/// <summary>Each command against the emulator: the files it writes, their names, and what it prints.</summary>
public class CommandTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    [Fact]
    public async Task Scan_with_the_emulator_writes_one_scan_per_input_named_after_it()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--emulator", Asset("document-photo.png"), Asset("idcard-front.png"), "-o", output.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["document-photo.scan.png", "idcard-front.scan.png"], output.Files());
        Assert.Equal(PngSignature, File.ReadAllBytes(output["document-photo.scan.png"]).Take(4));
        Assert.Contains("2 of 2 ok", result.Out, StringComparison.Ordinal);
        Assert.Contains("document-photo.scan.png", result.Out, StringComparison.Ordinal); // the summary table
    }

    [Fact]
    public async Task Scan_with_aliyun_writes_the_scanned_page()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--vendor", "aliyun", "--emulator", Asset("document-photo.png"), "-o", output.Path, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.JsonLines());
        Assert.Equal("aliyun", line.GetProperty("vendor").GetString());
        Assert.Equal(1, line.GetProperty("pages").GetInt32());
        Assert.Contains(output.Files(), name => name.StartsWith("document-photo.scan.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_refuses_to_overwrite_an_output_without_force_and_calls_no_vendor()
    {
        await using var emulator = await DocScanEmulator.StartAsync(FastEmulator(), TestContext.Current.CancellationToken);
        using var output = new TempFolder();
        File.WriteAllText(output["document-photo.scan.png"], "earlier result");

        var refused = await RunAsync(["scan", Asset("document-photo.png"), "-o", output.Path], EnvironmentFor(emulator));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("earlier result", File.ReadAllText(output["document-photo.scan.png"]));
        Assert.Equal(0, emulator.Requests.Count);

        var forced = await RunAsync(["scan", Asset("document-photo.png"), "-o", output.Path, "--force"], EnvironmentFor(emulator));

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(PngSignature, File.ReadAllBytes(output["document-photo.scan.png"]).Take(4));
        Assert.Equal(["document-photo.scan.png"], output.Files());
    }

    [Fact]
    public async Task Scan_refuses_two_inputs_that_would_write_the_same_output()
    {
        using var inputs = new TempFolder();
        Directory.CreateDirectory(inputs["a"]);
        Directory.CreateDirectory(inputs["b"]);
        File.Copy(Asset("document-photo.png"), Path.Combine(inputs["a"], "page.png"));
        File.Copy(Asset("document-photo.png"), Path.Combine(inputs["b"], "page.png"));

        var result = await RunAsync(["scan", "--emulator", "-r", inputs.Path, "-o", inputs.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("page.scan", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_mode_prints_one_object_per_input_with_the_documented_fields_and_nothing_else()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["ocr", "--emulator", "--json", Asset("contract-page-1.png"), Asset("contract-page-2.png"), "-o", output.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.JsonLines();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal("ok", line.GetProperty("status").GetString());
            Assert.Equal("esign", line.GetProperty("vendor").GetString());
            Assert.Equal("ocr", line.GetProperty("operation").GetString());
            Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
            Assert.True(line.GetProperty("attempts").GetInt32() >= 1);
            Assert.True(line.GetProperty("elapsedMs").GetInt64() >= 0);
            Assert.False(string.IsNullOrWhiteSpace(line.GetProperty("text").GetString()));
            string written = line.GetProperty("output").GetString()!;
            Assert.Equal(written, Assert.Single(line.GetProperty("outputs").EnumerateArray()).GetString());
            Assert.EndsWith(".ocr.json", written, StringComparison.Ordinal);
            using var file = JsonDocument.Parse(File.ReadAllText(written));
            Assert.Equal(line.GetProperty("text").GetString(), file.RootElement.GetProperty("text").GetString());
        }

        Assert.Equal(Asset("contract-page-1.png"), lines[0].GetProperty("file").GetString());
        Assert.Contains("2 of 2 ok", result.Error, StringComparison.Ordinal); // the summary goes to stderr in JSON mode
    }

    [Fact]
    public async Task Ocr_with_qingyang_and_a_category_writes_the_certificate_fields()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["ocr", "--emulator", "--json", "--vendor", "qingyang", "--category", "身份证", Asset("idcard-front.png"), "-o", output.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.JsonLines());
        Assert.Contains("身份证", line.GetProperty("cardType").GetString(), StringComparison.Ordinal);
        Assert.Contains("身份证", result.Out, StringComparison.Ordinal); // readable, not \u-escaped
        Assert.NotEmpty(line.GetProperty("documents").EnumerateArray());
        Assert.Equal(["idcard-front.ocr.json"], output.Files());
    }

    [Fact]
    public async Task Watermark_remove_writes_a_nowm_image_and_detect_reports_the_regions()
    {
        using var output = new TempFolder();

        var removed = await RunAsync(["watermark", "remove", "--emulator", Asset("watermarked.png"), "-o", output.Path]);
        var detected = await RunAsync(["watermark", "detect", "--emulator", "--json", Asset("watermarked.png")]);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(["watermarked.nowm.png"], output.Files());
        Assert.True(detected.ExitCode == 0, detected.ToString());
        var line = Assert.Single(detected.JsonLines());
        Assert.True(line.GetProperty("watermarkFound").GetBoolean());
        Assert.NotEmpty(line.GetProperty("regions").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task Layout_of_an_id_card_writes_the_named_A4_png()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["layout", "--emulator", "--card", "id-card", Asset("idcard-front.png"), Asset("idcard-back.png"), "-o", output["a4.png"]]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["a4.png"], output.Files());
        Assert.Equal(PngSignature, File.ReadAllBytes(output["a4.png"]).Take(4));
    }

    [Fact]
    public async Task Layout_of_a_document_from_a_glob_writes_one_pdf()
    {
        using var output = new TempFolder();
        string glob = Path.Combine(Path.GetDirectoryName(Asset("x"))!, "contract-page-*.png");

        var result = await RunAsync(["layout", "--emulator", "--json", "--card", "document", glob, "-o", output["contract.pdf"]]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.JsonLines();
        Assert.Equal(3, lines.Count); // one per page photo, in name order
        Assert.EndsWith("contract-page-1.png", lines[0].GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Equal(output["contract.pdf"], line.GetProperty("output").GetString()));
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(output["contract.pdf"]).Take(4));
    }

    [Fact]
    public async Task Layout_lays_out_nothing_when_one_photo_fails()
    {
        using var output = new TempFolder();
        File.WriteAllText(output["back.png"], "this is not an image");

        var result = await RunAsync(["layout", "--emulator", "--json", "--card", "id-card", Asset("idcard-front.png"), output["back.png"], "-o", output["a4.png"]]);

        Assert.Equal(1, result.ExitCode);
        var byFile = result.JsonLines().ToDictionary(l => Path.GetFileName(l.GetProperty("file").GetString()!), l => l.GetProperty("status").GetString());
        Assert.Equal("skipped", byFile["idcard-front.png"]);
        Assert.Equal("failed", byFile["back.png"]);
        Assert.Equal(["back.png"], output.Files());
    }

    [Fact]
    public async Task Layout_refuses_a_pdf_for_an_id_card()
    {
        var result = await RunAsync(["layout", "--emulator", "--card", "id-card", Asset("idcard-front.png"), "-o", Path.Combine(Path.GetTempPath(), "card.pdf")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--card document", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_is_read_with_a_dash_and_named_stdin()
    {
        using var output = new TempFolder();
        byte[] image = File.ReadAllBytes(Asset("document-photo.png"));

        var result = await RunAsync(["scan", "--emulator", "-", "-o", output.Path], standardInput: () => new MemoryStream(image));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["stdin.scan.png"], output.Files());
    }

    [Fact]
    public async Task A_directory_with_r_takes_its_images_but_not_earlier_outputs()
    {
        using var inputs = new TempFolder();
        Directory.CreateDirectory(inputs["sub"]);
        File.Copy(Asset("document-photo.png"), Path.Combine(inputs["sub"], "receipt.png"));
        File.Copy(Asset("document-photo.png"), inputs["old.scan.png"]);
        File.WriteAllText(inputs["notes.txt"], "not an image");
        using var output = new TempFolder();

        var result = await RunAsync(["scan", "--emulator", "--json", "-r", inputs.Path, "-o", output.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.JsonLines());
        Assert.EndsWith("receipt.png", line.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(["receipt.scan.png"], output.Files());
    }

    [Fact]
    public async Task Several_inputs_in_parallel_all_finish()
    {
        using var output = new TempFolder();

        var result = await RunAsync(["ocr", "--emulator", "--json", "--parallel", "3", Asset("contract-page-1.png"), Asset("contract-page-2.png"), Asset("contract-page-3.png"), "-o", output.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.JsonLines().Count(l => l.GetProperty("status").GetString() == "ok"));
        Assert.Equal(3, output.Files().Length);
    }
}
