using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Invitations.Bench.Expiry;
using Invitations.Expiry;
using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Seeds N invitations (1% due) into a private Azurite, then measures, on the same data:
//   1. a naive full-table scan that finds the due invitations (read only: it is spared the writes),
//   2. the sweep as a dry run (finds the same, writes nothing),
//   3. a naive full-table scan that also expires what it finds, through the same write path (like for like with 4),
//      after which the due invitations and their index rows are put back as seeded (not measured),
//   4. the sweep for real (finds and expires them).
// Index rows are seeded as the write path leaves them after a create.
// Usage: dotnet run -c Release --project bench/Invitations.Bench.Expiry [-- [--parallelism 8] 10000 100000]
var parallelism = new ExpiryOptions().Parallelism;
var sizeArgs = new List<int>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--parallelism")
    {
        parallelism = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        sizeArgs.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
    }
}

int[] sizes = sizeArgs.Count > 0 ? [.. sizeArgs] : [10_000, 100_000];

var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
try
{
    Console.WriteLine($"Azurite (in memory) on 127.0.0.1:{azurite.TablePort}; .NET {Environment.Version}; {Environment.ProcessorCount} cores; sweep parallelism {parallelism}");
    Console.WriteLine();
    var results = new List<string>();
    foreach (var n in sizes)
    {
        results.AddRange(await Bench.RunAsync(azurite.ConnectionString, n, parallelism));
    }

    Console.WriteLine();
    Console.WriteLine("| N | phase | time (ms) | entities read | round trips | due found / expired | entities read per due | alloc (MB) | peak managed heap above baseline (MB) |");
    Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var line in results)
    {
        Console.WriteLine(line);
    }

    Console.WriteLine();
    Console.WriteLine($"Process peak working set (whole program, seeding included): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
}
finally
{
    await azurite.DisposeAsync();
}

internal static class Bench
{
    private const int InvitationsPerAccount = 100;
    private const int SeedParallelism = 16;

    public static async Task<List<string>> RunAsync(string connectionString, int n, int parallelism)
    {
        var counter = new CountingPolicy();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var service = new TableServiceClient(connectionString, options);
        var storage = Options.Create(new StorageOptions { TablePrefix = "b" + n.ToString(CultureInfo.InvariantCulture) });
        var invitationTable = new InvitationTable(service, storage);
        var tables = new ExpiryTables(service, storage);
        var index = new ExpiryIndex(tables);
        var time = TimeProvider.System;
        var store = new InvitationStore(invitationTable, time);
        var writer = new InvitationWriter(invitationTable, store, [new ExpiryIndexParticipant(index)], InvitationWriteRetry.Default, time, NullLogger<InvitationWriter>.Instance);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var sweeper = new ExpirySweeper(index, new ExpiryRunStore(tables), store, writer,
            new ExpiryMetrics(services.GetRequiredService<IMeterFactory>()),
            new LoggingOperationsTelemetry(NullLogger<LoggingOperationsTelemetry>.Instance),
            Options.Create(new ExpiryOptions { MaxItemsPerRun = 1_000_000, MaxRunDuration = ExpiryOptions.MaxAllowedRunDuration, Parallelism = parallelism }),
            time, NullLogger<ExpirySweeper>.Instance);

        var now = time.GetUtcNow();
        var seedWatch = Stopwatch.StartNew();
        var invitationsClient = await invitationTable.GetClientAsync(default);
        var dueInvitations = await SeedAsync(invitationsClient, tables, n, now);
        var due = dueInvitations.Count;
        Console.WriteLine($"N={n}: seeded {n} invitations + {n} index rows ({due} due) in {seedWatch.Elapsed.TotalSeconds:F1} s");

        var lines = new List<string>();
        var naive = await MeasureAsync(counter, async () =>
        {
            var client = await invitationTable.GetClientAsync(default);
            var found = 0;
            var filter = TableClient.CreateQueryFilter($"RowKey ge {InvitationRows.InvitationPrefix} and RowKey lt {InvitationRows.RangeEnd(InvitationRows.InvitationPrefix)}");
            await foreach (var entity in client.QueryAsync<TableEntity>(filter, maxPerPage: 1000))
            {
                var invitation = InvitationRows.FromEntity(entity);
                if (invitation.StoredStatus == InvitationStatus.Pending && invitation.StatusAt(time.GetUtcNow()) == InvitationStatus.Expired)
                {
                    found++;
                }
            }

            return found;
        });
        lines.Add(Line(n, "naive full scan (find only)", naive));

        var dry = await MeasureAsync(counter, async () =>
            (await sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: true), default)).Run.Expired);
        lines.Add(Line(n, "sweep, dry run (find only)", dry));

        var naiveExpire = await MeasureAsync(counter, async () =>
        {
            var client = await invitationTable.GetClientAsync(default);
            var expired = 0;
            var filter = TableClient.CreateQueryFilter($"RowKey ge {InvitationRows.InvitationPrefix} and RowKey lt {InvitationRows.RangeEnd(InvitationRows.InvitationPrefix)}");
            await foreach (var page in client.QueryAsync<TableEntity>(filter, maxPerPage: 1000).AsPages())
            {
                // The same write as the sweep's read path, with the same parallelism, page by page.
                var found = page.Values
                    .Select(e => new Stored<Invitation>(InvitationRows.FromEntity(e), e.ETag, e.GetInt64("EventCount") ?? 0))
                    .Where(s => s.Value.StoredStatus == InvitationStatus.Pending && s.Value.StatusAt(time.GetUtcNow()) == InvitationStatus.Expired)
                    .ToList();
                await Parallel.ForEachAsync(found, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (stored, ct) =>
                {
                    await writer.ChangeAsync(stored.Value.AccountId, stored.Value.Id, (i, now) => i.MarkExpired(now), new InvitationWriteOptions { Known = stored }, ct);
                    Interlocked.Increment(ref expired);
                });
            }

            return expired;
        });
        lines.Add(Line(n, "naive full scan + expire", naiveExpire));

        // Put the due invitations back as seeded (pending, with their index rows).
        await WriteAsync(invitationsClient, tables, dueInvitations);

        var real = await MeasureAsync(counter, async () =>
            (await sweeper.RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual), default)).Run.Expired);
        lines.Add(Line(n, "sweep (find + expire)", real));

        if (naive.Found != due || dry.Found != due || naiveExpire.Found != due || real.Found != due)
        {
            throw new InvalidOperationException(
                $"Expected {due} due; naive found {naive.Found}, dry run {dry.Found}, naive expired {naiveExpire.Found}, sweep expired {real.Found}.");
        }

        Console.WriteLine($"N={n}: find only: naive {naive.Elapsed.TotalMilliseconds:F0} ms / sweep dry {dry.Elapsed.TotalMilliseconds:F0} ms " +
                          $"({naive.Elapsed / dry.Elapsed:F1}x); find + expire: naive {naiveExpire.Elapsed.TotalMilliseconds:F0} ms / sweep " +
                          $"{real.Elapsed.TotalMilliseconds:F0} ms ({naiveExpire.Elapsed / real.Elapsed:F1}x; vs the find-only naive scan {naive.Elapsed / real.Elapsed:F1}x)");
        return lines;
    }

    private static string Line(int n, string phase, Measurement m) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {n:N0} | {phase} | {m.Elapsed.TotalMilliseconds:F0} | {m.EntitiesRead:N0} | {m.RoundTrips:N0} | {m.Found:N0} | {(double)m.EntitiesRead / Math.Max(1, m.Found):F2} | {m.AllocatedBytes / 1048576.0:F1} | {m.PeakHeapAboveBaseline / 1048576.0:F1} |");

    private static async Task<Measurement> MeasureAsync(CountingPolicy counter, Func<Task<int>> phase)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        counter.Reset();

        // Sample the managed heap while the phase runs: its peak is what "flat memory" is about.
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var heap = GC.GetTotalMemory(forceFullCollection: false);
                if (heap > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, heap);
                }

                try
                {
                    await Task.Delay(5, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        var watch = Stopwatch.StartNew();
        var found = await phase();
        watch.Stop();
        await stop.CancelAsync();
        await sampler;
        return new Measurement(watch.Elapsed, counter.EntitiesRead, counter.RoundTrips, found,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, Math.Max(0, Interlocked.Read(ref peak) - baseline));
    }

    /// <summary>
    /// Writes invitation rows in the repository's format, 100 per account partition per transaction, and their
    /// index rows batched per bucket partition. 1% are due: their windows ended during the last 6 hours; the others end
    /// between 1 hour and 7 days from now. Returns the due ones.
    /// </summary>
    private static async Task<List<Invitation>> SeedAsync(TableClient invitations, ExpiryTables tables, int n, DateTimeOffset now)
    {
        await tables.EnsureCreatedAsync(default);
        var random = new Random(42);
        var lifetime = TimeSpan.FromDays(7);
        var all = new List<Invitation>(n);
        for (var i = 0; i < n; i++)
        {
            var accountId = "acct-" + (i / InvitationsPerAccount).ToString("D6", CultureInfo.InvariantCulture);
            var sentAt = i % 100 == 0
                ? now - lifetime - TimeSpan.FromSeconds(random.Next(1, 6 * 3600))
                : now - TimeSpan.FromSeconds(random.Next(0, (int)(lifetime - TimeSpan.FromHours(1)).TotalSeconds));
            all.Add(Invitation.Create(
                new NewInvitation(accountId, Guid.NewGuid(), EmailAddress.Parse($"user{i}@example.com"), null, "member", null, null),
                new Actor("bench"), sentAt, lifetime));
        }

        var due = all.Where(i => i.ExpiresAt <= now).ToList();
        await WriteAsync(invitations, tables, all);
        return due;
    }

    /// <summary>
    /// Writes the invitations (pending, as created), then their index rows. Every transaction stays inside one
    /// partition (Azure refuses cross-partition batches).
    /// </summary>
    private static async Task WriteAsync(TableClient invitations, ExpiryTables tables, List<Invitation> items)
    {
        await Parallel.ForEachAsync(
            items.GroupBy(i => i.AccountId).SelectMany(g => g.Chunk(100)),
            new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism },
            async (chunk, ct) => await invitations.SubmitTransactionAsync(
                chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, InvitationRows.ToEntity(i, i.NewEvents.Count))),
                ct));
        var indexBatches = items
            .Select(i => ExpiryIndex.ToEntity(i.AccountId, i.Id, i.ExpiresAt))
            .GroupBy(e => e.PartitionKey)
            .SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(indexBatches, new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism },
            async (chunk, ct) => await tables.Index.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }

    private sealed record Measurement(TimeSpan Elapsed, long EntitiesRead, long RoundTrips, int Found, long AllocatedBytes, long PeakHeapAboveBaseline);
}
