using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "alloc")
{
    return await DocScan.Sdk.Benchmarks.AllocationTrace.RunAsync(args);
}

if (args.Length > 0 && args[0] == "count")
{
    return await DocScan.Sdk.Benchmarks.AllocationTrace.CountAsync(args);
}

if (args.Length > 0 && args[0] == "latency")
{
    return await DocScan.Sdk.Benchmarks.AllocationTrace.LatencyAsync(args);
}

if (args.Length > 0 && args[0] == "launches")
{
    return DocScan.Sdk.Benchmarks.LaunchReport.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(DocScan.Sdk.Benchmarks.UploadBenchmarks).Assembly).Run(args);
return 0;
