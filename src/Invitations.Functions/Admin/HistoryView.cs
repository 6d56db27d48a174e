using System.Text.Json.Serialization;
using Invitations.Invitations;

namespace Invitations.Admin;

public sealed record HistoryView(Guid InvitationId, IReadOnlyList<HistoryEntryView> Items);
