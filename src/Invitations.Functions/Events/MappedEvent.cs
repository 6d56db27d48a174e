namespace Invitations.Events;

/// <summary>One event as subscribers will see it, before it becomes a CloudEvent.</summary>
public sealed record MappedEvent(string Id, string Type, string Source, string Subject, DateTimeOffset Time, InvitationEventData Data);
