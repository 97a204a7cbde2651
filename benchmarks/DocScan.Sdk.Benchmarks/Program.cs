using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "alloc")
{
    return await DocScan.Sdk.Benchmarks.AllocationTrace.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(DocScan.Sdk.Benchmarks.UploadBenchmarks).Assembly).Run(args);
return 0;
