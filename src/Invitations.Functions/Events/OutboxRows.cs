using System.Globalization;
using Azure.Data.Tables;

namespace Invitations.Events;

/// <summary>
/// Outbox rows in the invitations table, in the account's partition, written in the change's own transaction:
/// <c>outbox|{invitationId:N}|{sequence:D19}</c>, so a range query returns each invitation's events in order.
/// The relay's lease is the row <c>outbox-lease</c> (outside that range).
/// </summary>
public static class OutboxRows
{
    public const string Prefix = "outbox|";
    public const string LeaseKey = "outbox-lease";

    public static string Key(Guid invitationId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{invitationId:N}|{sequence:D19}");

    /// <summary>The exclusive upper bound of the outbox range ('|' + 1 = '}').</summary>
    public static string RangeEnd => Prefix[..^1] + (char)(Prefix[^1] + 1);

    public static string RangeFilter(string accountId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {Prefix} and RowKey lt {RangeEnd}");

    public static TableEntity ToEntity(string accountId, MappedEvent mapped)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        return new TableEntity(accountId, Key(mapped.Data.InvitationId, mapped.Data.Sequence))
        {
            ["Kind"] = "outbox",
            ["EventId"] = mapped.Id,
            ["Type"] = mapped.Type,
            ["InvitationId"] = mapped.Data.InvitationId,
            ["Sequence"] = mapped.Data.Sequence,
            ["OccurredAt"] = mapped.Time,
            ["Event"] = InvitationCloudEvents.Serialize(InvitationCloudEvents.ToCloudEvent(mapped)),
        };
    }

    public static OutboxRow FromEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new OutboxRow(
            entity.RowKey,
            entity.GetGuid("InvitationId") ?? throw new InvalidDataException($"Outbox row {entity.RowKey} has no InvitationId."),
            entity.GetInt64("Sequence") ?? throw new InvalidDataException($"Outbox row {entity.RowKey} has no Sequence."),
            InvitationCloudEvents.Deserialize(entity.GetString("Event") ?? throw new InvalidDataException($"Outbox row {entity.RowKey} has no Event.")),
            entity.Timestamp,
            entity.ETag);
    }
}
