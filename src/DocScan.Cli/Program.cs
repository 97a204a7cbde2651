using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Cli;

/// <summary>The <c>docscan</c> entry point: the real console, and Ctrl+C as a cancellation.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C cancels cleanly (the summary still prints); a second one ends the process at once.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var host = new CliHost
            {
                Out = Console.Out,
                Error = Console.Error,
                IsTerminal = !Console.IsOutputRedirected,
            };
            return await CliApp.RunAsync(args, host, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
