using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using DocScan.Emulator;

namespace DocScan.Samples.Tests;

public class ConsoleSampleTests
{
    private static readonly TableRow Removed = new("processimage.cn", "Remove watermark + download", "2 watermark regions removed, 999 uses left", 1, TimeSpan.FromSeconds(0.06), null);

    [Fact]
    public void The_table_marks_emulated_rows_and_explains_the_mark_under_the_table()
    {
        string table = Print(Removed with { Emulated = true }, new TableRow("Aliyun IQS", "ScanFile", "1 page", 1, TimeSpan.Zero, null));

        string[] lines = table.Split(Environment.NewLine);
        Assert.Contains("2 watermark regions removed, 999 uses left (emulated)", lines.Single(l => l.StartsWith("processimage.cn", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("(emulated)", lines.Single(l => l.StartsWith("Aliyun IQS", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(ResultTable.EmulatedFootnote, table, StringComparison.Ordinal);
        Assert.Contains("returns the image unchanged", ResultTable.EmulatedFootnote, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_of_real_services_has_no_emulated_mark_or_footnote()
    {
        string table = Print(Removed);

        Assert.DoesNotContain("emulated", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_emulated_result_is_shortened_but_keeps_its_mark()
    {
        string table = Print(Removed with { Result = new string('x', 200), Emulated = true });

        Assert.Contains("x… (emulated)", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standalone_emulator_is_recognised_at_its_base_address_and_nothing_else_is()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await DocScanEmulator.StartAsync(cancellationToken: ct);
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        Assert.True(await VendorTargets.IsEmulatorAsync(emulator.ProcessImageBaseAddress, ct));
        Assert.False(await VendorTargets.IsEmulatorAsync(new Uri($"http://127.0.0.1:{closedPort}/"), ct));
        Assert.False(await VendorTargets.IsEmulatorAsync(new Uri("https://api.processimage.cn/"), ct)); // not loopback: never asked
        Assert.False(await VendorTargets.IsEmulatorAsync(null, ct));
    }

    private static string Print(params TableRow[] rows)
    {
        using var writer = new StringWriter();
        ResultTable.Print(rows, writer);
        return writer.ToString();
    }
}
