using System.Diagnostics;
using System.Globalization;
using Invitations.Bench.Requests;
using Invitations.Bench.Requests.Scenarios;

// Storage requests per action and create throughput against the raw floor (issue 9), side by side with the baseline:
// the figures measured on main before the one write path landed, and the targets. Prints, asserts nothing.
//   dotnet run -c Release --project bench/Invitations.Bench.Requests [-- options]   (see README.md, or --help)
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return args is ["--help"] or ["-h"] ? 0 : 2;
}

// Add new scenarios here (and their figure ids to Baselines).
IBenchScenario[] scenarios = [new ActionsScenario(), new LifeScenario(), new CreateThroughputScenario(), new AccountQuotaScenario(), new BulkScenario()];

var selected = scenarios.Where(s => options.Only.Count == 0 || options.Only.Contains(s.Name)).ToArray();
if (selected.Length == 0)
{
    Console.WriteLine("No scenario matches --only. Scenarios: " + string.Join(", ", scenarios.Select(s => s.Name)));
    return 2;
}

var total = Stopwatch.StartNew();
await using var environment = await BenchEnvironment.StartAsync(options);
Console.WriteLine($"Invitations request benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {GitCommit()}; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
Console.WriteLine($"Azurite (in memory, started by the bench) on 127.0.0.1:{environment.Azurite.QueuePort} (queue) and :{environment.Azurite.TablePort} (table); ACS test server {environment.Acs.Endpoint}");
Console.WriteLine("Requests are counted by an Azure.Core pipeline policy on the app's table and queue clients, plus the queue");
Console.WriteLine("listener's non-GET requests (message deletes): the listener's receives (polling) are not counted.");
Console.WriteLine($"Baseline: 'before' = this program on main @ {Baselines.BeforeCommit} (before the door), same machine; 'target' = issue 9.");
Console.WriteLine();

var figures = new List<Figure>();
foreach (var scenario in selected)
{
    var watch = Stopwatch.StartNew();
    Console.WriteLine($"[{scenario.Name}] {scenario.Description}");
    var result = await scenario.RunAsync(environment);
    figures.AddRange(result);
    Console.WriteLine($"[{scenario.Name}] done in {watch.Elapsed.TotalSeconds:0} s");
}

Console.WriteLine();
Console.WriteLine($"| figure | measured | before (main @ {Baselines.BeforeCommit}) | target | | unit | detail |");
Console.WriteLine("|---|---:|---:|---:|---|---|---|");
foreach (var figure in figures)
{
    var baseline = Baselines.ById.GetValueOrDefault(figure.Id) ?? new Baseline(null, null);
    var before = baseline.Before is { } b ? Baselines.Format(b) : "";
    Console.WriteLine($"| {figure.Label} | {Baselines.Format(figure.Value)} | {before} | {baseline.TargetText} | {baseline.Verdict(figure.Value)} | {figure.Unit} | {figure.Detail} |");
}

if (options.Detail)
{
    foreach (var figure in figures.Where(f => f.ByKind is { Count: > 0 }))
    {
        Console.WriteLine();
        Console.WriteLine($"{figure.Label}: requests per action by kind");
        foreach (var (kind, count) in figure.ByKind!.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,6:0.##}  {kind}"));
        }
    }
}

Console.WriteLine();
Console.WriteLine($"Total {total.Elapsed.TotalSeconds:0} s. Options: --invitations {options.Invitations} --life {options.LifeInvitations} --rounds {options.Rounds} --per-round {options.PerRound} --concurrency {options.Concurrency}");
return 0;

static string GitCommit()
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true });
        var commit = git!.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}
