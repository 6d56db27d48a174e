using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Invitations.Invitations;

namespace Invitations.Storage;

/// <summary>
/// Row keys and entity mapping of the <c>{prefix}Invitations</c> table (docs/architecture.md, "Storage layout").
/// Partition key = account id; row kinds are told apart by a row-key prefix.
/// </summary>
public static class InvitationRows
{
    public const string InvitationPrefix = "inv|";
    public const string HistoryPrefix = "hist|";
    public const string EmailGuardPrefix = "email|";
    public const string IdempotencyPrefix = "idem|";

    /// <summary>The newest-first copy of each invitation row (<see cref="NewestFirstCopy"/>).</summary>
    public const string NewestFirstPrefix = "new|";

    /// <summary>Storage-only counter on the invitation row: numbers history rows so two events at one tick never collide.</summary>
    internal const string EventCountProperty = "EventCount";

    public static string InvitationKey(Guid invitationId) => InvitationPrefix + invitationId.ToString("N");

    /// <summary><c>new|{inverted created ticks}|{id}</c>: row-key order is newest first (ties broken by id).</summary>
    public static string NewestFirstKey(Guid invitationId, DateTimeOffset createdAt) =>
        NewestFirstPrefix + InvertedTicks(createdAt) + "|" + invitationId.ToString("N");

    public static string HistoryKeyPrefix(Guid invitationId) => HistoryPrefix + invitationId.ToString("N") + "|";

    /// <summary>
    /// Newest first in row-key order (inverted ticks, then inverted sequence), so a page of history is one range
    /// query from the start of the invitation's range.
    /// </summary>
    public static string HistoryKey(Guid invitationId, DateTimeOffset at, long sequence) =>
        HistoryKeyPrefix(invitationId) + InvertedTicks(at) + "|" +
        (999 - (sequence % 1000)).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>
    /// The audit row of link copies by one admin in one <see cref="LinkCopyWindow"/>: repeated copies upsert the same
    /// row, so copying can neither flood the history nor take the invitation's ETag. It sorts by the window's start.
    /// </summary>
    public static string LinkCopiedKey(Guid invitationId, string actorId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        var windowStart = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % LinkCopyWindow.Ticks), TimeSpan.Zero);
        var actor = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(actorId)).AsSpan(0, 8));
        // '!' sorts before the digits of a sequence: at the window's first tick the copies list as the newer entry.
        return HistoryKeyPrefix(invitationId) + InvertedTicks(windowStart) + "|!copy-" + actor;
    }

    /// <summary>Copies of one link by one admin within this window fold into one history entry.</summary>
    public static readonly TimeSpan LinkCopyWindow = TimeSpan.FromMinutes(5);

    private static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The guard row of an address. Row keys may not hold '/', '\', '#', '?' or control characters, which RFC 5322
    /// local parts allow, so those (and the escape character '~') become <c>~XX</c> (hex; '%' is avoided because some
    /// clients mishandle it in keys). Every ordinary address reads as itself.
    /// </summary>
    public static string EmailGuardKey(EmailAddress email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var builder = new StringBuilder(EmailGuardPrefix, EmailGuardPrefix.Length + email.Normalized.Length);
        foreach (var c in email.Normalized)
        {
            if (c is '~' or '%' or '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                builder.Append('~').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string IdempotencyKey(string key) => IdempotencyPrefix + key;

    /// <summary>The exclusive upper bound of a prefix range ('|' + 1 = '}').</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    public static TableEntity ToEntity(Invitation invitation, long eventCount)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var s = invitation.ToState();
        var entity = new TableEntity(s.AccountId, InvitationKey(s.Id))
        {
            ["Kind"] = "invitation",
            ["InvitationId"] = s.Id,
            ["Email"] = s.Email.Value,
            ["EmailNormalized"] = s.Email.Normalized,
            ["DisplayName"] = s.DisplayName,
            ["Role"] = s.Role,
            ["Message"] = s.Message,
            ["Locale"] = s.Locale,
            ["InvitedById"] = s.InvitedBy.Id,
            ["InvitedByName"] = s.InvitedBy.Name,
            ["CreatedAt"] = s.CreatedAt,
            ["LinkVersion"] = s.LinkVersion,
            ["SentAt"] = s.SentAt,
            ["ExpiresAt"] = s.ExpiresAt,
            ["SendNumber"] = s.SendNumber,
            ["AcceptedByUserId"] = s.AcceptedByUserId,
            ["RecentEmails"] = JsonSerializer.Serialize(s.RecentEmails.Select(t => t.UtcTicks)),
            [EventCountProperty] = eventCount,
        };

        SetClosure(entity, s.StoredStatus, s.ClosedAt, s.ClosedBy);
        if (s.Delivery is { } d)
        {
            entity["DeliveryStatus"] = d.Status.ToString().ToLowerInvariant();
            entity["DeliveryAt"] = d.At;
            entity["DeliveryLinkVersion"] = d.LinkVersion;
            entity["DeliverySendNumber"] = d.SendNumber;
            entity["DeliveryAttempts"] = d.Attempts;
            entity["DeliveryOperationId"] = d.OperationId;
            entity["DeliveryMessageId"] = d.MessageId;
            entity["DeliveryReason"] = d.Reason;
        }

        // Tables cannot store null properties; leaving them out is the same as null on read.
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    /// <summary>The guard row naming the invitation that holds its address while it is open.</summary>
    public static TableEntity ToGuardEntity(Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return new TableEntity(invitation.AccountId, EmailGuardKey(invitation.Email))
        {
            ["Kind"] = "email-guard",
            ["InvitationId"] = invitation.Id,
            ["EmailNormalized"] = invitation.Email.Normalized,
        };
    }

    public static TableEntity ToIdempotencyEntity(string accountId, IdempotencyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new TableEntity(accountId, IdempotencyKey(record.Key))
        {
            ["Kind"] = "idempotency",
            ["RequestHash"] = record.RequestHash,
            ["InvitationId"] = record.InvitationId,
            ["Body"] = record.Body,
            ["CreatedAt"] = record.CreatedAt,
        };
    }

    public static IdempotencyRecord FromIdempotencyEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new IdempotencyRecord(
            entity.RowKey[IdempotencyPrefix.Length..],
            entity.GetString("RequestHash"),
            entity.GetGuid("InvitationId") ?? Guid.Empty,
            entity.GetString("Body"),
            entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
    }

    public static Invitation FromEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var delivery = entity.GetString("DeliveryStatus") is { } deliveryStatus
            ? new EmailDelivery(
                Enum.Parse<EmailDeliveryStatus>(deliveryStatus, ignoreCase: true),
                Time(entity, "DeliveryAt"),
                entity.GetInt32("DeliveryLinkVersion") ?? 0,
                entity.GetInt32("DeliverySendNumber") ?? 0,
                entity.GetInt32("DeliveryAttempts") ?? 0,
                entity.GetString("DeliveryOperationId"),
                entity.GetString("DeliveryMessageId"),
                entity.GetString("DeliveryReason"))
            : null;

        // Rows written before every email was counted hold only resend times; their link's first email was at SentAt.
        var recent = entity.GetString("RecentEmails") is { Length: > 0 } json
            ? Times(json)
            : [Time(entity, "SentAt"), .. Times(entity.GetString("RecentResends") ?? "[]")];

        return Invitation.Rehydrate(new InvitationState
        {
            AccountId = entity.PartitionKey,
            Id = entity.GetGuid("InvitationId") ?? throw new InvalidDataException("Invitation row without InvitationId."),
            Email = EmailAddress.FromStored(entity.GetString("Email"), entity.GetString("EmailNormalized")),
            DisplayName = entity.GetString("DisplayName"),
            Role = entity.GetString("Role"),
            Message = entity.GetString("Message"),
            Locale = entity.GetString("Locale"),
            InvitedBy = new Actor(entity.GetString("InvitedById"), entity.GetString("InvitedByName")),
            CreatedAt = Time(entity, "CreatedAt"),
            LinkVersion = entity.GetInt32("LinkVersion") ?? 1,
            SentAt = Time(entity, "SentAt"),
            ExpiresAt = Time(entity, "ExpiresAt"),
            SendNumber = entity.GetInt32("SendNumber") ?? 1,
            StoredStatus = ParseStatus(entity.GetString("Status")),
            ClosedAt = entity.GetDateTimeOffset("ClosedAt"),
            ClosedBy = entity.GetString("ClosedById") is { } closedBy ? new Actor(closedBy, entity.GetString("ClosedByName")) : null,
            AcceptedByUserId = entity.GetString("AcceptedByUserId"),
            Delivery = delivery,
            RecentEmails = recent,
        });
    }

    public static TableEntity ToHistoryEntity(string accountId, Guid invitationId, InvitationEvent e, long sequence)
    {
        ArgumentNullException.ThrowIfNull(e);
        var entity = new TableEntity(accountId, e.Kind == InvitationEventKind.LinkCopied
            ? LinkCopiedKey(invitationId, e.Actor.Id, e.At)
            : HistoryKey(invitationId, e.At, sequence))
        {
            ["Kind"] = "history",
            ["InvitationId"] = invitationId,
            ["Event"] = EventName(e.Kind),
            ["ActorId"] = e.Actor.Id,
            ["At"] = e.At,
            ["LinkVersion"] = e.LinkVersion,
            ["Sequence"] = sequence,
        };
        if (e.Actor.Name is { } name)
        {
            entity["ActorName"] = name;
        }

        if (e.Details is { } details)
        {
            entity["Details"] = details;
        }

        return entity;
    }

    public static InvitationEvent FromHistoryEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new InvitationEvent(
            ParseEventName(entity.GetString("Event")),
            new Actor(entity.GetString("ActorId"), entity.GetString("ActorName")),
            Time(entity, "At"),
            entity.GetInt32("LinkVersion") ?? 0,
            entity.GetString("Details"));
    }

    /// <summary>The status of an invitation row as of <paramref name="now"/> from its Status and ExpiresAt alone (as <see cref="Invitation.StatusAt"/>).</summary>
    public static InvitationStatus StatusAt(TableEntity entity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var stored = ParseStatus(entity.GetString("Status"));
        return stored == InvitationStatus.Pending && now >= Time(entity, "ExpiresAt") ? InvitationStatus.Expired : stored;
    }

    public static string StatusName(InvitationStatus status) => status.ToString().ToLowerInvariant();

    public static InvitationStatus ParseStatus(string? value) =>
        Enum.TryParse<InvitationStatus>(value, ignoreCase: true, out var status) ? status : throw new InvalidDataException($"Unknown stored status '{value}'.");

    /// <summary>kebab-case names, also used by the API (<c>link-copied</c>, <c>email-queued</c>).</summary>
    public static string EventName(InvitationEventKind kind)
    {
        var name = kind.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    public static InvitationEventKind ParseEventName(string? value) =>
        Enum.TryParse<InvitationEventKind>(value?.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var kind)
            ? kind
            : throw new InvalidDataException($"Unknown history event '{value}'.");

    /// <summary>Status and closure fields (nulls are left out).</summary>
    private static void SetClosure(TableEntity entity, InvitationStatus status, DateTimeOffset? closedAt, Actor? closedBy)
    {
        entity["Status"] = StatusName(status);
        if (closedAt is { } at)
        {
            entity["ClosedAt"] = at;
        }

        if (closedBy is not null)
        {
            entity["ClosedById"] = closedBy.Id;
        }

        if (closedBy?.Name is { } name)
        {
            entity["ClosedByName"] = name;
        }
    }

    private static List<DateTimeOffset> Times(string json) =>
        [.. JsonSerializer.Deserialize<long[]>(json)!.Select(t => new DateTimeOffset(t, TimeSpan.Zero))];

    private static DateTimeOffset Time(TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? throw new InvalidDataException($"Row {entity.RowKey} has no {name}.");
}
