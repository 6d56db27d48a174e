using System.Text.RegularExpressions;
using Invitations.Events;
using Invitations.TestSupport;

namespace Invitations.Tests.Events;

/// <summary>The unpublished-events alert queries exactly the names and the property the relay emits.</summary>
public sealed partial class EventsAlertContractTests
{
    private static readonly string[] EmittedProperties = [.. EventsRelayEvents.Properties("a", 1, 1, 1).Keys];

    [GeneratedRegex(@"\bd\.([a-z]\w*)")]
    private static partial Regex CamelCaseDimension();

    private static string Query()
    {
        var bicep = File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "alerts.bicep"));
        return bicep[bicep.IndexOf("var eventsPendingQuery", StringComparison.Ordinal)..bicep.IndexOf("resource eventsPendingAlert", StringComparison.Ordinal)];
    }

    [Fact]
    public void The_alert_reads_the_relay_events_and_fires_past_ten_minutes()
    {
        var query = Query();
        var names = $"(\"{EventsRelayEvents.Relayed}\", \"{EventsRelayEvents.PublishFailed}\")";

        Assert.Contains($"customEvents | where name in {names}", query, StringComparison.Ordinal);
        Assert.Contains($"tostring(customDimensions.EventName) in {names}", query, StringComparison.Ordinal);
        Assert.Contains($"where oldest > {EventsRelayEvents.AlertAge.TotalSeconds}", query, StringComparison.Ordinal);
        var read = CamelCaseDimension().Matches(query).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("oldestPendingSeconds", read);
        Assert.All(read, p => Assert.Contains(p, EmittedProperties));
    }
}
