using System.Globalization;
using Azure.Data.Tables;
using Invitations.Limits;
using Invitations.Storage;

namespace Invitations.Bench.Requests.Scenarios;

/// <summary>
/// What the account email quota (issue 10, <see cref="AccountEmailQuota"/>) costs a create in one account at the
/// bench's concurrency, in two alternating comparisons (API apps, sender and timer disabled, each on its own tables):
/// the app with the quota (set high, so nothing is refused) against the same app without its write participant
/// (<see cref="BenchApp.WithoutAccountQuota"/>); then, both with a quota of <see cref="FillQuota"/>, an account with
/// no email yet today against one with <see cref="Filled"/> slot rows of today already there, the state in which the
/// quota used to read the day's taken slots before every create; and that again with two app instances on the same
/// tables, creates alternating between them.
/// </summary>
internal sealed class AccountQuotaScenario : IBenchScenario
{
    /// <summary>High enough that no create of the run is refused and the account stays far below a fifth of it.</summary>
    public const int HighQuota = 100_000;

    public const int FillQuota = 10_000;

    /// <summary>Emails the account already sent today in the second comparison: a fifth of <see cref="FillQuota"/>.</summary>
    public const int Filled = 2_000;

    public string Name => "quota";

    public string Description =>
        $"Creates/s and requests per create in one account: quota on ({HighQuota}) vs off, then {Filled} vs 0 emails already sent today (quota {FillQuota}) on one and on two instances; alternating rounds.";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var figures = new List<Figure>();
        string[] disabled = [BenchApp.EmailSender, BenchApp.ExpiryTimer];

        var onData = environment.NewDataSet("quotaon");
        var offData = environment.NewDataSet("quotaoff");
        await using (var on = await BenchApp.StartAsync(environment, onData, disabled, Quota(HighQuota)))
        await using (var off = await BenchApp.StartAsync(environment, offData, disabled, services: BenchApp.WithoutAccountQuota))
        {
            figures.AddRange(await CompareAsync(
                environment,
                new Side("quota.on", $"quota on ({HighQuota}/day)", on, onData),
                new Side("quota.off", "quota off (participant removed)", off, offData),
                "quota.on-vs-off"));
        }

        // One instance, then two on the same tables (creates alternate between them): each instance knows only the
        // slots it read or took, so the other's slots cost it conflicts, re-runs and reads.
        foreach (var (instances, id, label) in new[] { (1, "quota", ""), (2, "quota.two", ", two instances") })
        {
            var emptyData = environment.NewDataSet($"quotaempty{instances}");
            var filledData = environment.NewDataSet($"quotafilled{instances}");
            await FillAsync(environment, filledData, Filled, FillQuota);
            var empty = new List<BenchApp>();
            var filled = new List<BenchApp>();
            try
            {
                for (var i = 0; i < instances; i++)
                {
                    empty.Add(await BenchApp.StartAsync(environment, emptyData, disabled, Quota(FillQuota)));
                    filled.Add(await BenchApp.StartAsync(environment, filledData, disabled, Quota(FillQuota)));
                }

                figures.AddRange(await CompareAsync(
                    environment,
                    new Side($"{id}.filled", $"{Filled} of {FillQuota} sent today{label}", [.. filled], filledData),
                    new Side($"{id}.empty", $"0 of {FillQuota} sent today{label}", [.. empty], emptyData),
                    $"{id}.filled-vs-empty"));
            }
            finally
            {
                foreach (var app in empty.Concat(filled))
                {
                    await app.DisposeAsync();
                }
            }
        }

        return figures;
    }

    /// <summary>One side of a comparison: its apps (operation <c>i</c> goes to app <c>i mod count</c>) on one data set.</summary>
    private sealed record Side(string Id, string Label, BenchApp[] Apps, BenchDataSet Data)
    {
        public Side(string id, string label, BenchApp app, BenchDataSet data)
            : this(id, label, [app], data)
        {
        }

        public Task<Guid> CreateAsync(int i) => Apps[i % Apps.Length].CreateAsync(BenchApp.NewEmail("quota"));

        public Dictionary<string, long> RequestsByKind() =>
            Apps.SelectMany(app => app.RequestsByKind()).GroupBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
    }

    private static Dictionary<string, string> Quota(int perDay) =>
        new(StringComparer.Ordinal) { ["Limits__EmailsPerAccountPerDay"] = perDay.ToString(CultureInfo.InvariantCulture) };

    /// <summary>
    /// Creates/s of both sides (alternating rounds after a warm-up round), their ratio, and each side's storage
    /// requests per create over the measured rounds (conflicts and re-runs included), with the slot rows before and after.
    /// </summary>
    private static async Task<IReadOnlyList<Figure>> CompareAsync(BenchEnvironment environment, Side a, Side b, string ratioId)
    {
        var options = environment.Options;
        var sideA = new AlternatingRounds.Side(a.Label, a.CreateAsync);
        var sideB = new AlternatingRounds.Side(b.Label, b.CreateAsync);
        await AlternatingRounds.RunAsync(sideA, sideB, 1, Math.Min(options.PerRound, 16), options.Concurrency); // warm-up

        var slotsBefore = (A: await SlotRowsAsync(environment, a.Data), B: await SlotRowsAsync(environment, b.Data));
        var before = (A: a.RequestsByKind(), B: b.RequestsByKind());
        var result = await AlternatingRounds.RunAsync(sideA, sideB, options.Rounds, options.PerRound, options.Concurrency);
        var creates = options.Rounds * options.PerRound;
        var requestsA = StorageRequestCounter.Difference(before.A, a.RequestsByKind());
        var requestsB = StorageRequestCounter.Difference(before.B, b.RequestsByKind());
        var slotsAfter = (A: await SlotRowsAsync(environment, a.Data), B: await SlotRowsAsync(environment, b.Data));

        var shape = string.Create(CultureInfo.InvariantCulture, $"{options.Rounds} rounds × {options.PerRound} per side, concurrency {options.Concurrency}");
        var rounds = string.Join(", ", result.RoundRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
        return
        [
            new Figure(a.Id + ".rate", $"creates per second, {a.Label}", result.RateA, "per s", $"{shape}; {Slots(slotsBefore.A, slotsAfter.A)}"),
            new Figure(b.Id + ".rate", $"creates per second, {b.Label}", result.RateB, "per s", $"{shape}; {Slots(slotsBefore.B, slotsAfter.B)}"),
            new Figure(ratioId, $"creates/s {a.Label} / {b.Label}", result.Ratio, "ratio", "rounds: " + rounds),
            PerCreate(a.Id + ".requests", $"requests per create, {a.Label}", requestsA, creates),
            PerCreate(b.Id + ".requests", $"requests per create, {b.Label}", requestsB, creates),
        ];
    }

    private static string Slots(int before, int after) =>
        string.Create(CultureInfo.InvariantCulture, $"slot rows of today {before} → {after}");

    private static Figure PerCreate(string id, string label, IReadOnlyDictionary<string, long> requests, int creates)
    {
        var total = requests.Values.Sum();
        return new Figure(id, label, (double)total / creates, "requests", string.Create(CultureInfo.InvariantCulture, $"{total} requests / {creates} creates, conflicts and re-runs included"))
        {
            ByKind = requests.ToDictionary(kv => kv.Key, kv => (double)kv.Value / creates, StringComparer.Ordinal),
        };
    }

    /// <summary>Today's quota slot rows of the bench account (row keys only).</summary>
    private static async Task<int> SlotRowsAsync(BenchEnvironment environment, BenchDataSet data)
    {
        var prefix = AccountQuotaSlots.DayPrefix(AccountQuotaSlots.Day(DateTimeOffset.UtcNow));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BenchApp.Account} and RowKey ge {prefix} and RowKey lt {InvitationRows.RangeEnd(prefix)}");
        var rows = 0;
        await foreach (var _ in Table(environment, data).QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"]))
        {
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// <paramref name="count"/> slot rows of today at distinct random slots below <paramref name="quota"/>, shaped as the
    /// quota writes them: the state an account is in after that many emails today (written directly, 100 per transaction).
    /// </summary>
    private static async Task FillAsync(BenchEnvironment environment, BenchDataSet data, int count, int quota)
    {
        var table = Table(environment, data);
        await table.CreateIfNotExistsAsync();
        var day = AccountQuotaSlots.Day(DateTimeOffset.UtcNow);
        var slots = Enumerable.Range(0, quota).ToArray();
        Random.Shared.Shuffle(slots);
        foreach (var chunk in slots[..count].Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(slot => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(BenchApp.Account, AccountQuotaSlots.RowKey(day, slot))
                {
                    ["Kind"] = "quota", ["InvitationId"] = Guid.NewGuid(), ["LinkVersion"] = 1, ["SendNumber"] = 1,
                })));
        }
    }

    private static TableClient Table(BenchEnvironment environment, BenchDataSet data) =>
        new(environment.Azurite.ConnectionString, data.TablePrefix + InvitationTable.BaseName);
}
