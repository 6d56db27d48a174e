using System.Text.Json;
using Invitations.Events;
using Invitations.Invitations;
using Invitations.Storage;
using Invitations.Tests.Invitations;

namespace Invitations.Tests.Events;

public sealed class InvitationEventMappingTests
{
    private static readonly DateTimeOffset T0 = InvitationTestData.Start;

    [Theory]
    [InlineData(InvitationEventKind.Created, null, InvitationEventTypes.Created)]
    [InlineData(InvitationEventKind.Resent, null, InvitationEventTypes.Resent)]
    [InlineData(InvitationEventKind.Reissued, null, InvitationEventTypes.Reissued)]
    [InlineData(InvitationEventKind.Accepted, null, InvitationEventTypes.Accepted)]
    [InlineData(InvitationEventKind.Revoked, null, InvitationEventTypes.Revoked)]
    [InlineData(InvitationEventKind.Expired, null, InvitationEventTypes.Expired)]
    [InlineData(InvitationEventKind.RoleChanged, null, InvitationEventTypes.RoleChanged)]
    [InlineData(InvitationEventKind.EmailSent, EmailDeliveryStatus.Sent, InvitationEventTypes.EmailSent)]
    [InlineData(InvitationEventKind.EmailDelivered, EmailDeliveryStatus.Delivered, InvitationEventTypes.EmailDelivered)]
    [InlineData(InvitationEventKind.EmailFailed, EmailDeliveryStatus.Bounced, InvitationEventTypes.EmailBounced)]
    [InlineData(InvitationEventKind.EmailFailed, EmailDeliveryStatus.Suppressed, InvitationEventTypes.EmailSuppressed)]
    [InlineData(InvitationEventKind.EmailFailed, EmailDeliveryStatus.Failed, InvitationEventTypes.EmailFailed)]
    [InlineData(InvitationEventKind.EmailQueued, EmailDeliveryStatus.Queued, null)]
    [InlineData(InvitationEventKind.LinkCopied, null, null)]
    public void Each_kind_maps_to_its_documented_type_or_to_nothing(InvitationEventKind kind, EmailDeliveryStatus? delivery, string? expected) =>
        Assert.Equal(expected, InvitationEventMapping.TypeOf(kind, delivery));

    [Fact]
    public void Every_kind_is_decided_and_every_type_is_reachable()
    {
        var reached = Enum.GetValues<InvitationEventKind>()
            .SelectMany(kind => Enum.GetValues<EmailDeliveryStatus>().Select(d => InvitationEventMapping.TypeOf(kind, d)))
            .OfType<string>().ToHashSet();

        Assert.Equal(InvitationEventTypes.All.Order(), reached.Order());
        Assert.All(InvitationEventTypes.All, t => Assert.StartsWith("Invitations.", t, StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_change_publishes_one_role_changed_event_with_the_new_role_and_the_same_role_again_publishes_nothing()
    {
        var door = new DoorChanges();
        var invitation = InvitationTestData.NewInvitation(T0);
        _ = InvitationEventMapping.Map(door.Next(invitation));

        Assert.True(invitation.ChangeRole(InvitationTestData.Admin, "admin", T0.AddMinutes(1)));
        var changed = Assert.Single(InvitationEventMapping.Map(door.Next(invitation)));
        Assert.False(invitation.ChangeRole(InvitationTestData.Admin, "admin", T0.AddMinutes(2)));

        Assert.Equal((InvitationEventTypes.RoleChanged, "admin", "pending"), (changed.Type, changed.Data.Role, changed.Data.Status));
        Assert.Equal(InvitationTestData.Admin.Id, changed.Data.Actor.Id);
        Assert.Empty(InvitationEventMapping.Map(door.Next(invitation)));
    }

    [Theory]
    [InlineData(EmailDeliveryStatus.Bounced, InvitationEventTypes.EmailBounced)]
    [InlineData(EmailDeliveryStatus.Suppressed, InvitationEventTypes.EmailSuppressed)]
    [InlineData(EmailDeliveryStatus.Delivered, InvitationEventTypes.EmailDelivered)]
    public void A_report_about_an_older_send_is_published_with_its_own_status_not_the_current_sends(EmailDeliveryStatus reported, string expected)
    {
        var door = new DoorChanges();
        var invitation = InvitationTestData.NewInvitation(T0);
        _ = InvitationEventMapping.Map(door.Next(invitation));
        invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sent, T0.AddMinutes(1), 1, 1));
        _ = InvitationEventMapping.Map(door.Next(invitation));
        invitation.Resend(InvitationTestData.Admin, T0.AddMinutes(2), EmailLimit.PerDay(6)); // send 2 is queued
        _ = InvitationEventMapping.Map(door.Next(invitation));

        var outcome = invitation.RecordDelivery(new EmailDelivery(reported, T0.AddMinutes(3), 1, 1, Reason: "Mailbox full"));
        var published = Assert.Single(InvitationEventMapping.Map(door.Next(invitation)));

        Assert.Equal(DeliveryRecordOutcome.RecordedInHistory, outcome);
        Assert.Equal(EmailDeliveryStatus.Queued, invitation.Delivery!.Status); // the current send is untouched
        Assert.Equal(expected, published.Type);
        Assert.StartsWith("email 1 of link 1", published.Data.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_change_of_a_lifecycle_publishes_exactly_one_event_with_a_unique_id()
    {
        var door = new DoorChanges();
        var invitation = InvitationTestData.NewInvitation(T0);
        // The door maps each change while it commits it, with the state the rules left.
        var published = new List<IReadOnlyList<MappedEvent>> { InvitationEventMapping.Map(door.Next(invitation)) };

        invitation.Resend(InvitationTestData.Admin, T0.AddMinutes(1), EmailLimit.PerDay(6));
        published.Add(InvitationEventMapping.Map(door.Next(invitation)));
        invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Sent, T0.AddMinutes(2), 1, 2));
        published.Add(InvitationEventMapping.Map(door.Next(invitation)));
        invitation.RecordDelivery(new EmailDelivery(EmailDeliveryStatus.Bounced, T0.AddMinutes(3), 1, 2, Reason: "Mailbox full"));
        published.Add(InvitationEventMapping.Map(door.Next(invitation)));
        invitation.Reissue(InvitationTestData.Admin, T0.AddMinutes(4), InvitationTestData.Lifetime, EmailLimit.PerDay(6));
        published.Add(InvitationEventMapping.Map(door.Next(invitation)));
        invitation.Accept(InvitationTestData.Invitee, "ana@example.com", 2, T0.AddMinutes(5));
        published.Add(InvitationEventMapping.Map(door.Next(invitation)));

        Assert.All(published, events => Assert.Single(events));
        var events = published.Select(e => e[0]).ToList();
        Assert.Equal(
            [InvitationEventTypes.Created, InvitationEventTypes.Resent, InvitationEventTypes.EmailSent, InvitationEventTypes.EmailBounced, InvitationEventTypes.Reissued, InvitationEventTypes.Accepted],
            events.Select(e => e.Type));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(events.Select(e => e.Data.Sequence).Order(), events.Select(e => e.Data.Sequence));

        var accepted = events[^1];
        Assert.Equal(InvitationEventMapping.IdOf(invitation.Id, accepted.Data.Sequence), accepted.Id);
        Assert.Equal($"/accounts/{invitation.AccountId}", accepted.Source);
        Assert.Equal($"invitations/{invitation.Id:D}", accepted.Subject);
        Assert.Equal(T0.AddMinutes(5), accepted.Time);
        Assert.Equal(
            new InvitationEventData(invitation.AccountId, invitation.Id, "ana@example.com", "member", "accepted", 2,
                new EventActor(InvitationTestData.Invitee.Id, InvitationTestData.Invitee.Name), invitation.ExpiresAt, accepted.Data.Sequence),
            accepted.Data);
        Assert.Equal("Mailbox full", events[3].Data.Reason);
        Assert.Equal(("system", "pending"), (events[3].Data.Actor.Id, events[3].Data.Status));
    }

    [Fact]
    public void Revoke_and_expiry_publish_one_event_each_and_the_id_does_not_change_on_a_retry_of_the_same_change()
    {
        var revoked = InvitationTestData.NewInvitation(T0);
        var door = new DoorChanges();
        door.Next(revoked);
        revoked.Revoke(InvitationTestData.Admin, T0.AddHours(1));
        var events = revoked.NewEvents.ToList();

        // Two attempts of one change see the same stored EventCount, hence the same sequence and id.
        var first = InvitationEventMapping.Map(new InvitationChange(revoked, [new SequencedEvent(events[0], door.EventCount)], false, 1));
        var retry = InvitationEventMapping.Map(new InvitationChange(revoked, [new SequencedEvent(events[0], door.EventCount)], false, 2));
        Assert.Equal(InvitationEventTypes.Revoked, Assert.Single(first).Type);
        Assert.Equal(first[0].Id, Assert.Single(retry).Id);

        var expired = InvitationTestData.NewInvitation(T0);
        var expiryDoor = new DoorChanges();
        expiryDoor.Next(expired);
        Assert.True(expired.MarkExpired(T0 + InvitationTestData.Lifetime));
        var expiredEvent = Assert.Single(InvitationEventMapping.Map(expiryDoor.Next(expired)));
        Assert.Equal((InvitationEventTypes.Expired, "expired", "system"), (expiredEvent.Type, expiredEvent.Data.Status, expiredEvent.Data.Actor.Id));
    }

    [Fact]
    public void No_event_carries_a_link_token_the_signing_key_or_a_secret()
    {
        var tokens = InvitationTestData.Tokens();
        var key = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
        var door = new DoorChanges();
        var invitation = InvitationTestData.NewInvitation(T0);
        var json = new List<string>();
        void Publish() => json.AddRange(InvitationEventMapping.Map(door.Next(invitation))
            .Select(e => InvitationCloudEvents.Serialize(InvitationCloudEvents.ToCloudEvent(e))));

        Publish();
        invitation.Reissue(InvitationTestData.Admin, T0.AddMinutes(1), InvitationTestData.Lifetime, EmailLimit.PerDay(6));
        Publish();
        invitation.Accept(InvitationTestData.Invitee, "ana@example.com", 2, T0.AddMinutes(2));
        Publish();
        var linkTokens = new[] { tokens.Create(invitation.AccountId, invitation.Id, 1), tokens.Create(invitation.AccountId, invitation.Id, 2) };

        Assert.Equal(3, json.Count);
        foreach (var text in json)
        {
            Assert.All(linkTokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Welcome!", text, StringComparison.Ordinal); // the admin's message is content, not an event fact
            using var document = JsonDocument.Parse(text);
            var names = Names(document.RootElement).ToList();
            Assert.DoesNotContain(names, n => n.Contains("token", StringComparison.OrdinalIgnoreCase) ||
                                              n.Contains("key", StringComparison.OrdinalIgnoreCase) ||
                                              n.Contains("secret", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_cloud_event_round_trips_through_its_stored_json()
    {
        var invitation = InvitationTestData.NewInvitation(T0);
        var mapped = Assert.Single(InvitationEventMapping.Map(new DoorChanges().Next(invitation)));

        var parsed = InvitationCloudEvents.Deserialize(InvitationCloudEvents.Serialize(InvitationCloudEvents.ToCloudEvent(mapped)));

        Assert.Equal((mapped.Id, mapped.Type, mapped.Source, mapped.Subject, mapped.Time), (parsed.Id, parsed.Type, parsed.Source, parsed.Subject, parsed.Time));
        Assert.Equal("application/json", parsed.DataContentType);
        Assert.Equal(mapped.Data, InvitationCloudEvents.DataOf(parsed));
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(4, 8000)]
    [InlineData(30, 60000)]
    public void Backoff_doubles_per_attempt_up_to_the_cap_with_bounded_jitter(int attempt, double expectedMs)
    {
        var low = RelayBackoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0);
        var high = RelayBackoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0.999999);

        Assert.Equal(expectedMs * 0.8, low.TotalMilliseconds, 3);
        Assert.InRange(high.TotalMilliseconds, expectedMs * 1.19, expectedMs * 1.2);
    }

    private static IEnumerable<string> Names(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Names(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Names),
        _ => [],
    };
}
