using Invitations.Expiry;
using Invitations.Invitations;
using Invitations.Tests.Invitations;
using Invitations.TestSupport;

namespace Invitations.Tests.Expiry;

/// <summary>The sweep's ExpiryRunCompleted operations event: one per run, names and values the alerts query.</summary>
[Collection(AzuriteTests.Name)]
public sealed class ExpiryRunEventTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = InvitationTestData.Start;
    private static readonly TimeSpan Lifetime = InvitationTestData.Lifetime;

    private static async Task SeedAsync(ExpiryTestContext context, int count)
    {
        var accountId = $"acct-{context.Prefix}";
        for (var i = 0; i < count; i++)
        {
            await context.CreateAsync(accountId, i, Start + TimeSpan.FromMinutes(i));
        }
    }

    [Fact]
    public async Task Each_run_sends_exactly_one_ExpiryRunCompleted_event_with_the_run_numbers()
    {
        using var context = new ExpiryTestContext(azurite);
        await SeedAsync(context, 5);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));

        var report = await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule, IsPastDue: true), default);

        var (name, properties, metrics) = Assert.Single(context.Operations.Events);
        var run = report.Run;
        Assert.Equal("ExpiryRunCompleted", name);
        Assert.Equal(
            ["backlogRemaining", "bucketsRead", "dryRun", "durationMs", "errors", "examined", "expired", "isPastDue", "outcome", "runId", "skipped", "trigger"],
            properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(run.Id, properties["runId"]);
        Assert.Equal("schedule", properties["trigger"]);
        Assert.Equal("true", properties["isPastDue"]);
        Assert.Equal("5", properties["expired"]);
        Assert.Equal("5", properties["examined"]);
        Assert.Equal("0", properties["skipped"]);
        Assert.Equal("0", properties["errors"]);
        Assert.Equal(run.DurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture), properties["durationMs"]);
        Assert.Equal("false", properties["backlogRemaining"]);
        Assert.Equal("succeeded", properties["outcome"]);
        Assert.Equal(run.BucketsRead.ToString(System.Globalization.CultureInfo.InvariantCulture), properties["bucketsRead"]);
        Assert.Equal("false", properties["dryRun"]);
        Assert.Equal(
            new Dictionary<string, double> { ["ExpiryRun.Expired"] = 5, ["ExpiryRun.DurationMs"] = run.DurationMs, ["ExpiryRun.Errors"] = 0, ["ExpiryRun.Backlog"] = 0 },
            metrics);
    }

    [Fact]
    public async Task A_run_that_runs_out_of_budget_reports_partial_and_a_backlog()
    {
        using var context = new ExpiryTestContext(azurite, new ExpiryOptions { MaxItemsPerRun = 3, MaxRunDuration = TimeSpan.FromMinutes(2) });
        await SeedAsync(context, 5);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));

        await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule), default);

        var (_, properties, metrics) = Assert.Single(context.Operations.Events);
        Assert.Equal(ExpiryRunOutcomes.Partial, properties["outcome"]);
        Assert.Equal("partial", properties["outcome"]);
        Assert.Equal("true", properties["backlogRemaining"]);
        Assert.Equal(3, metrics["ExpiryRun.Expired"]);
        Assert.Equal(1, metrics["ExpiryRun.Backlog"]);
    }

    [Fact]
    public async Task A_failing_run_reports_one_failed_event_before_the_error_surfaces()
    {
        using var context = new ExpiryTestContext(azurite, new ExpiryOptions { MaxItemsPerRun = 5000, MaxRunDuration = TimeSpan.FromMinutes(2), Parallelism = 1 });
        await SeedAsync(context, 5);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        var failing = new InterferingParticipant { FailOnUpdate = 3 };

        await Assert.ThrowsAsync<InvalidOperationException>(() => context.Sweeper(failing).RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual), default));

        var (name, properties, metrics) = Assert.Single(context.Operations.Events);
        Assert.Equal("ExpiryRunCompleted", name);
        Assert.Equal("failed", properties["outcome"]);
        Assert.Equal("manual", properties["trigger"]);
        Assert.Equal(2, metrics["ExpiryRun.Expired"]);
        Assert.Equal(1, metrics["ExpiryRun.Backlog"]);
    }

    [Fact]
    public async Task Dry_runs_and_locked_out_runs_send_no_event()
    {
        using var context = new ExpiryTestContext(azurite);
        await SeedAsync(context, 3);
        context.Time.SetUtcNow(Start + Lifetime + TimeSpan.FromHours(1));
        var lease = await context.Runs.TryAcquireLockAsync("someone-else", context.Time.GetUtcNow(), context.Time.GetUtcNow().AddMinutes(5), default);
        Assert.True(lease.Acquired);

        var dry = await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Manual, DryRun: true), default);
        var locked = await context.Sweeper().RunAsync(new ExpiryRunRequest(ExpiryRunTriggers.Schedule), default);

        Assert.Equal(3, dry.Run.Expired);
        Assert.Equal(ExpiryRunOutcomes.LockedOut, locked.Run.Outcome);
        Assert.Empty(context.Operations.Events);
    }
}
