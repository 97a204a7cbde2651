using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using DocScan.Emulator;

// `dotnet run --project src/DocScan.Emulator [-- --base-port N] [--shell posix|powershell]`: runs the emulator until Ctrl+C.
// Default base port 5301 (ClipImg 5301, Qingyang 5302, ProcessImage 5303, AliyunIqs 5304, Esign 5305); 0 picks free ports.
const int DefaultBasePort = 5301;
const string Usage = "Options: --base-port N        ports N..N+4 (default 5301; 0 = free ports chosen by the system)\n"
                   + "         --shell posix|powershell  how the variables are printed (default: powershell on Windows, else posix)";

int basePort = DefaultBasePort;
bool powerShell = OperatingSystem.IsWindows();
for (int i = 0; i < args.Length; i++)
{
    string arg = args[i];
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    if (arg is "-h" or "--help")
    {
        Console.WriteLine("DocScan.Emulator: local stand-ins for ClipImg, Qingyang, processimage.cn, Aliyun IQS and e签宝.");
        Console.WriteLine(Usage);
        return 0;
    }

    if (arg is "--base-port")
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out basePort) || basePort > 65530)
        {
            Console.Error.WriteLine($"--base-port needs a number from 0 (free ports) to 65530, not '{value}'.");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        i++;
    }
    else if (arg is "--shell" && value is "posix" or "bash" or "powershell" or "pwsh")
    {
        powerShell = value is "powershell" or "pwsh";
        i++;
    }
    else
    {
        Console.Error.WriteLine($"Unknown argument '{arg}'{(arg is "--shell" ? $" '{value}'" : string.Empty)}.");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

Console.OutputEncoding = System.Text.Encoding.UTF8;
DocScanEmulator emulator;
try
{
    emulator = await DocScanEmulator.StartAsync(new EmulatorOptions { BasePort = basePort });
}
catch (IOException e)
{
    // Kestrel reports a taken port as an IOException; say which port and what to do, without a stack trace.
    List<string> taken = TakenPorts(basePort);
    Console.Error.WriteLine(taken.Count > 0
        ? $"The emulator cannot listen on 127.0.0.1: port {string.Join(", ", taken)} {(taken.Count > 1 ? "are" : "is")} already in use (an emulator still running?)."
        : $"The emulator cannot listen on 127.0.0.1 ports {basePort}-{basePort + 4}: {e.Message}");
    Console.Error.WriteLine("Stop the program holding it, or pick other ports:");
    Console.Error.WriteLine("  dotnet run --project src/DocScan.Emulator -- --base-port 0      (free ports; it prints which)");
    Console.Error.WriteLine("  dotnet run --project src/DocScan.Emulator -- --base-port 7000   (ports 7000-7004)");
    return 1;
}

await using (emulator)
{
    EmulatorBanner.Write(Console.Out, emulator, powerShell);

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
}

return 0;

// The ports of the range that cannot be bound now, each with its vendor, to name them in the message.
static List<string> TakenPorts(int basePort)
{
    var taken = new List<string>();
    if (basePort == 0)
    {
        return taken;
    }

    foreach (var vendor in Enum.GetValues<EmulatorVendor>())
    {
        int port = basePort + (int)vendor;
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
        }
        catch (SocketException)
        {
            taken.Add($"{port} ({vendor})");
        }
        finally
        {
            probe.Stop();
        }
    }

    return taken;
}
