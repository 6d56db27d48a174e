using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Invitations.Bench.Requests.Scenarios;

/// <summary>
/// Creates per second over HTTP (API app, sender and timer disabled) against the raw floor on the same Azurite: one
/// queue send plus one 4-entity same-partition table transaction, the least a create can cost. Same concurrency,
/// alternating rounds; the ratio is the share of the floor the app reaches.
/// </summary>
internal sealed class CreateThroughputScenario : IBenchScenario
{
    public string Name => "throughput";

    public string Description =>
        "Creates/s over HTTP vs the raw floor (queue send + one 4-entity same-partition transaction), alternating rounds, same Azurite.";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = environment.Options;
        var data = environment.NewDataSet("rate");
        await using var app = await BenchApp.StartAsync(environment, data, [BenchApp.EmailSender, BenchApp.ExpiryTimer]);

        var queue = new QueueClient(environment.Azurite.ConnectionString, data.QueueName + "-raw");
        var table = new TableClient(environment.Azurite.ConnectionString, data.TablePrefix + "raw");
        await queue.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();

        var http = new AlternatingRounds.Side("HTTP create", _ => app.CreateAsync(BenchApp.NewEmail("rate")));
        var raw = new AlternatingRounds.Side("raw floor", i => RawCreateAsync(queue, table, i));
        await AlternatingRounds.RunAsync(http, raw, 1, Math.Min(options.PerRound, 16), options.Concurrency); // warm-up
        var result = await AlternatingRounds.RunAsync(http, raw, options.Rounds, options.PerRound, options.Concurrency);

        var rounds = string.Join(", ", result.RoundRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
        var shape = string.Create(CultureInfo.InvariantCulture, $"{options.Rounds} rounds × {options.PerRound} per side, concurrency {options.Concurrency}");
        return
        [
            new Figure("throughput.create", "creates per second over HTTP", result.RateA, "per s", shape),
            new Figure("throughput.raw-floor", "raw floor per second (queue send + 4-entity transaction)", result.RateB, "per s", shape),
            new Figure("throughput.ratio", "create throughput / raw floor", result.Ratio, "ratio", "rounds: " + rounds),
        ];
    }

    /// <summary>What a create needs at least: its email job on the queue and one transaction in the account's partition.</summary>
    private static async Task RawCreateAsync(QueueClient queue, TableClient table, int i)
    {
        var id = Guid.NewGuid().ToString("N");
        await queue.SendMessageAsync($$"""{"accountId":"demo","invitationId":"{{id}}","kind":"invitation"}""");
        const string partition = "demo";
        var now = DateTimeOffset.UtcNow;
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity(partition, "inv|" + id)
            {
                ["Email"] = $"raw-{i}@example.com", ["Status"] = "pending", ["CreatedAt"] = now, ["ExpiresAt"] = now.AddDays(7),
                ["LinkVersion"] = 1, ["InvitedBy"] = "dev-admin",
            }),
            new(TableTransactionActionType.Add, new TableEntity(partition, $"hist|{id}|1") { ["Event"] = "created", ["At"] = now }),
            new(TableTransactionActionType.Add, new TableEntity(partition, $"hist|{id}|2") { ["Event"] = "email-queued", ["At"] = now }),
            new(TableTransactionActionType.Add, new TableEntity(partition, $"email|raw-{i}-{id}") { ["InvitationId"] = id }),
        ]);
    }
}
