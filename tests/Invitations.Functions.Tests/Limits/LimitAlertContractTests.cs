using System.Text.RegularExpressions;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.TestSupport;

namespace Invitations.Tests.Limits;

/// <summary>The limit alert queries exactly what a refusal emits: the event name, its property names and the limit values.</summary>
public sealed partial class LimitAlertContractTests
{
    private static string Query()
    {
        var bicep = File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "alerts.bicep"));
        return bicep[bicep.IndexOf("var limitRefusalsQuery", StringComparison.Ordinal)..bicep.IndexOf("resource limitRefusalsAlert", StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"\bd\.([a-z]\w*)")]
    private static partial Regex CamelCaseDimension();

    [Fact]
    public void The_alert_reads_the_emitted_event_and_properties()
    {
        var query = Query();
        var emitted = LimitRefusedEvent.Properties("acct", InvitationErrorCodes.AccountEmailLimitReached).Keys;

        Assert.Contains($"customEvents | where name == \"{LimitRefusedEvent.Name}\"", query, StringComparison.Ordinal);
        Assert.Contains($"message startswith \"{LimitRefusedEvent.Name}\"", query, StringComparison.Ordinal);
        var reads = CamelCaseDimension().Matches(query).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, read => Assert.Contains(read, emitted));
        Assert.Contains("summarize refusals = count() by accountId", query, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alert_counts_both_limits_by_their_problem_codes()
    {
        var query = Query();

        foreach (var code in new[] { InvitationErrorCodes.AccountEmailLimitReached, InvitationErrorCodes.InvitationEmailLimitReached })
        {
            Assert.True(LimitRefusals.IsLimit(code));
            Assert.Contains($"\"{code}\"", query, StringComparison.Ordinal);
        }
    }
}
