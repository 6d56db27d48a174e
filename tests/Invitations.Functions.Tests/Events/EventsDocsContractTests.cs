using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Events;
using Invitations.Invitations;
using Invitations.Tests.Invitations;
using Invitations.TestSupport;

namespace Invitations.Tests.Events;

/// <summary>docs/events.md documents every type the code publishes, with the data properties it really emits.</summary>
public sealed partial class EventsDocsContractTests
{
    [GeneratedRegex(@"```json\n(\{\n  ""\$schema"".*?)\n```", RegexOptions.Singleline)]
    private static partial Regex SchemaBlock();

    private static Dictionary<string, JsonElement> DocumentedSchemas() =>
        SchemaBlock().Matches(File.ReadAllText(RepositoryPaths.Combine("docs", "events.md")))
            .Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement.Clone())
            .ToDictionary(s => s.GetProperty("properties").GetProperty("type").GetProperty("const").GetString()!);

    [Fact]
    public void Every_published_type_has_one_schema_and_nothing_else_does()
    {
        Assert.Equal(InvitationEventTypes.All.Order(), DocumentedSchemas().Keys.Order());
    }

    [Fact]
    public void Each_schema_requires_what_the_code_always_emits_and_allows_all_it_may_emit()
    {
        var invitation = InvitationTestData.NewInvitation();
        var door = new DoorChanges();
        var created = InvitationEventMapping.Map(door.Next(invitation)).Single();
        invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Bounced, InvitationTestData.Start, 1, 1, Reason: "Mailbox full"));
        var bounced = InvitationEventMapping.Map(door.Next(invitation)).Single();
        var schemas = DocumentedSchemas();

        foreach (var (mapped, mayHaveReason) in new[] { (created, false), (bounced, true) })
        {
            using var json = JsonDocument.Parse(InvitationCloudEvents.Serialize(InvitationCloudEvents.ToCloudEvent(mapped)));
            var schema = schemas[mapped.Type];
            var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.All(required, name => Assert.True(json.RootElement.TryGetProperty(name, out _), $"{mapped.Type}: {name}"));

            var dataSchema = schema.GetProperty("properties").GetProperty("data");
            var emitted = json.RootElement.GetProperty("data").EnumerateObject().Select(p => p.Name).ToList();
            var documented = dataSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            Assert.All(emitted, name => Assert.Contains(name, documented));
            Assert.Equal(emitted.Where(n => n != "reason").Order(), dataSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order());
            Assert.Equal(mayHaveReason, documented.Contains("reason"));
        }
    }
}
