using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Ml2.Benchmarks.Compare;
using Ml2.Benchmarks.Lbaas;
using Ml2.Benchmarks.Storage;

// Runners that are not BenchmarkDotNet benchmarks (sustained multi-process throughput) are routed first.
switch (args.FirstOrDefault())
{
    case PgThroughputRunner.ParentCommand:
        return await PgThroughputRunner.RunParentAsync(args[1..]);
    case PgThroughputRunner.WorkerCommand:
        return await PgThroughputRunner.RunWorkerAsync(args[1..]);
    case CompareWorkload.Command:
        return await CompareWorkload.RunAsync(args[1..]);
    case PlacementLoop.Command:
        return PlacementLoop.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
    .Run(args, ManualConfig.Create(DefaultConfig.Instance)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, StatisticColumn.P95));
return 0;
