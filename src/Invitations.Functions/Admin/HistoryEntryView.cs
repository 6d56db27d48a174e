namespace Invitations.Admin;

public sealed record HistoryEntryView(string Event, PersonView Actor, DateTime At, int LinkVersion, string? Details);
