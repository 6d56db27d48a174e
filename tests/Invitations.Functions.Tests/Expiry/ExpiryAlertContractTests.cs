using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Expiry;
using Invitations.TestSupport;

namespace Invitations.Tests.Expiry;

/// <summary>
/// The alert rule and the workbook query exactly the names the sweep emits: the event name, its property names,
/// and the outcome values with their casing (lowercase, as in the run records).
/// </summary>
public sealed partial class ExpiryAlertContractTests
{
    private static readonly string[] EmittedProperties = [.. ExpiryRunEvent.Properties(new ExpiryRunRecord { Id = "r", Trigger = "schedule", StartedAt = DateTimeOffset.UnixEpoch, Outcome = "succeeded" }).Keys];

    private static string AlertsBicep() => File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "alerts.bicep"));

    private static List<string> ExpiryWorkbookQueries()
    {
        using var workbook = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "workbook.json")));
        return [.. workbook.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("type").GetInt32() == 3)
            .Select(item => item.GetProperty("content").GetProperty("query").GetString() ?? "")
            .Where(q => q.Contains(ExpiryRunEvent.Name, StringComparison.Ordinal))];
    }

    [GeneratedRegex(@"\bd\.([a-z]\w*)")]
    private static partial Regex CamelCaseDimension();

    private static void AssertMatchesTheEvent(string kql)
    {
        Assert.Contains($"customEvents | where name == \"{ExpiryRunEvent.Name}\"", kql, StringComparison.Ordinal);
        foreach (var wrongCase in new[] { "\"Failed\"", "\"Succeeded\"", "\"Partial\"", "=~" })
        {
            Assert.DoesNotContain(wrongCase, kql, StringComparison.Ordinal);
        }

        foreach (Match read in CamelCaseDimension().Matches(kql))
        {
            Assert.Contains(read.Groups[1].Value, EmittedProperties);
        }
    }

    [Fact]
    public void The_expiry_alert_counts_failed_runs_with_the_emitted_casing()
    {
        var bicep = AlertsBicep();
        var query = bicep[bicep.IndexOf("var expiryRunQuery", StringComparison.Ordinal)..bicep.IndexOf("resource expiryRunAlert", StringComparison.Ordinal)];

        AssertMatchesTheEvent(query);
        Assert.Contains($"countif(outcome == \"{ExpiryRunOutcomes.Failed}\")", query, StringComparison.Ordinal);
    }

    private static string AlertQuery(string variable, string resource)
    {
        var bicep = AlertsBicep();
        return bicep[bicep.IndexOf($"var {variable}", StringComparison.Ordinal)..bicep.IndexOf($"resource {resource}", StringComparison.Ordinal)];
    }

    [Fact]
    public void The_backlog_alert_needs_the_last_three_scheduled_runs_each_with_a_backlog()
    {
        var query = AlertQuery("expiryBacklogQuery", "expiryBacklogAlert");

        AssertMatchesTheEvent(query);
        Assert.Contains($"tostring(d.trigger) == \"{ExpiryRunTriggers.Schedule}\"", query, StringComparison.Ordinal);
        Assert.Contains("top 3 by timestamp desc", query, StringComparison.Ordinal);
        Assert.Contains("tolower(tostring(d.backlogRemaining)) == \"true\"", query, StringComparison.Ordinal);
        Assert.Contains("where runs == 3 and withBacklog == 3", query, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sweep_errors_alert_sums_the_emitted_error_count()
    {
        var query = AlertQuery("expiryErrorsQuery", "expiryErrorsAlert");

        AssertMatchesTheEvent(query);
        Assert.Contains("sum(toint(d.errors))", query, StringComparison.Ordinal);
        Assert.Equal("0", ExpiryRunEvent.Properties(new ExpiryRunRecord { Id = "r", Trigger = "schedule", StartedAt = DateTimeOffset.UnixEpoch, Outcome = "succeeded" })["errors"]);
    }

    [Fact]
    public void The_workbook_reads_only_emitted_properties_with_the_emitted_casing()
    {
        var queries = ExpiryWorkbookQueries();

        Assert.NotEmpty(queries);
        Assert.All(queries, AssertMatchesTheEvent);
        Assert.Contains(queries, q => q.Contains($"countif(outcome == \"{ExpiryRunOutcomes.Failed}\")", StringComparison.Ordinal));
    }
}
