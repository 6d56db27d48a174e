using System.Globalization;

namespace Invitations.Bench.Requests.Scenarios;

/// <summary>
/// Issue 12: one bulk request of 50 rows against 50 single creates sent 8 at a time, over HTTP on one API app (sender
/// and timer disabled), alternating rounds. Also the storage requests per created invitation of each way.
/// </summary>
internal sealed class BulkScenario : IBenchScenario
{
    private const int Rows = 50;
    private const int SinglesConcurrency = 8;

    public string Name => "bulk";

    public string Description =>
        $"One bulk invite of {Rows} rows vs {Rows} single creates at concurrency {SinglesConcurrency}, alternating rounds, same app.";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = environment.Options;
        var data = environment.NewDataSet("bulk");
        // Every round invites 100 people in one account: the account's daily email quota (500) must not refuse them.
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["Limits__EmailsPerAccountPerDay"] = "1000000" };
        await using var app = await BenchApp.StartAsync(environment, data, [BenchApp.EmailSender, BenchApp.ExpiryTimer], settings);

        Task Bulk() => app.BulkCreateAsync([.. Enumerable.Range(0, Rows).Select(_ => BenchApp.NewEmail("bulk"))]);
        Task Singles() => AlternatingRounds.RunConcurrentlyAsync(Rows, SinglesConcurrency, _ => app.CreateAsync(BenchApp.NewEmail("single")));

        // One operation per round and side: a whole batch of 50 invitations each way.
        var bulk = new AlternatingRounds.Side("bulk", _ => Bulk());
        var singles = new AlternatingRounds.Side("singles", _ => Singles());
        await AlternatingRounds.RunAsync(bulk, singles, 1, 1, 1); // warm-up
        var result = await AlternatingRounds.RunAsync(bulk, singles, options.Rounds, 1, 1);

        var bulkRequests = await app.CountAsync(Bulk) / (double)Rows;
        var singleRequests = await app.CountAsync(Singles) / (double)Rows;

        var rounds = string.Join(", ", result.RoundRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
        var shape = string.Create(CultureInfo.InvariantCulture, $"{options.Rounds} rounds × {Rows} invitations per side");
        return
        [
            new Figure("bulk.rate", $"invitations per second, one bulk request of {Rows}", result.RateA * Rows, "per s", shape),
            new Figure("bulk.singles-rate", $"invitations per second, {Rows} single creates at concurrency {SinglesConcurrency}", result.RateB * Rows, "per s", shape),
            new Figure("bulk.ratio", "bulk rate / single-create rate", result.Ratio, "ratio", "rounds: " + rounds),
            new Figure("bulk.requests", "storage requests per invitation, bulk", bulkRequests, "requests", $"one request of {Rows} rows"),
            new Figure("bulk.singles-requests", "storage requests per invitation, single creates", singleRequests, "requests", $"{Rows} creates"),
        ];
    }
}
