using AksUpgradeDashboard.Benchmarks;

// dotnet run -c Release --project tests/AksUpgradeDashboard.Benchmarks [-- --quick] [-- --only refresh|rollout|ui]
var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var failed = 0;
if (only is null or "refresh")
{
    failed |= await RefreshBenchmark.RunAsync(quick);
    Console.WriteLine();
}

if (only is null or "rollout")
{
    failed |= await RolloutBenchmark.RunAsync(quick);
    Console.WriteLine();
}

if (only is null or "ui")
{
    failed |= await UiBenchmark.RunAsync(quick);
}

return failed;
