using AksUpgradeDashboard.Benchmarks;

// dotnet run -c Release --project tests/AksUpgradeDashboard.Benchmarks [-- --quick]
return await RefreshBenchmark.RunAsync(quick: args.Contains("--quick"));
