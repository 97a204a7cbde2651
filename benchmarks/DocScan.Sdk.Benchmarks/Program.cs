using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(DocScan.Sdk.Benchmarks.UploadBenchmarks).Assembly).Run(args);
