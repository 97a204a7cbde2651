using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using DocScan.Emulator;

// `dotnet run --project src/DocScan.Emulator [-- --base-port N]`: runs the emulator until Ctrl+C.
// Default base port 5301 (ClipImg 5301, Qingyang 5302, ProcessImage 5303, AliyunIqs 5304, Esign 5305); 0 picks free ports.
int basePort = 5301;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "--base-port" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
    {
        basePort = port;
        i++;
    }
    else if (args[i] is "-h" or "--help")
    {
        Console.WriteLine("DocScan.Emulator: local stand-ins for ClipImg, Qingyang, processimage.cn, Aliyun IQS and e签宝.");
        Console.WriteLine("Options: --base-port N   ports N..N+4 (default 5301; 0 = free ports)");
        return 0;
    }
    else
    {
        Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --base-port N or --help.");
        return 2;
    }
}

await using var emulator = await DocScanEmulator.StartAsync(new EmulatorOptions { BasePort = basePort });
Console.OutputEncoding = System.Text.Encoding.UTF8;
Console.WriteLine("DocScan emulator is running (Ctrl+C stops it). Point each client here:");
Console.WriteLine();
Console.WriteLine($"  DocScan__ClipImg__BaseAddress={emulator.ClipImgBaseAddress}   DocScan__ClipImg__ApiKey={EmulatorCredentials.ClipImgApiKey}");
Console.WriteLine($"  DocScan__Qingyang__BaseAddress={emulator.QingyangBaseAddress}   DocScan__Qingyang__ApiKey={EmulatorCredentials.QingyangAuthKey}");
Console.WriteLine($"  DocScan__ProcessImage__BaseAddress={emulator.ProcessImageBaseAddress}   DocScan__ProcessImage__AppId={EmulatorCredentials.ProcessImageAppId}   DocScan__ProcessImage__AppSecret={EmulatorCredentials.ProcessImageAppSecret}");
Console.WriteLine($"  DocScan__AliyunIqs__BaseAddress={emulator.AliyunIqsBaseAddress}   DocScan__AliyunIqs__ApiKey={EmulatorCredentials.AliyunIqsApiKey}");
Console.WriteLine($"  DocScan__Esign__BaseAddress={emulator.EsignBaseAddress}   DocScan__Esign__AppId={EmulatorCredentials.EsignAppId}   DocScan__Esign__AppSecret={EmulatorCredentials.EsignAppSecret}");
Console.WriteLine();
Console.WriteLine($"  processimage.cn token endpoint: POST {emulator.ProcessImageTokenUrl}");
Console.WriteLine($"  request log: GET {emulator.ClipImgBaseAddress}_emulator/requests   faults: POST .../_emulator/faults (see docs/emulator.md)");

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
await stop.Task;
Console.WriteLine("Stopping.");
return 0;
