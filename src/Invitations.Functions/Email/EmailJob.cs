using System.Text.Json;
using System.Text.Json.Serialization;

namespace Invitations.Email;

/// <summary>
/// One email to send, as it travels on <c>%EmailQueueName%</c> (JSON camelCase, base64 on the queue). It names a send,
/// never its content: the consumer re-reads the invitation and sends only a (<see cref="LinkVersion"/>,
/// <see cref="SendNumber"/>) the stored invitation actually has. Jobs can arrive twice (at-least-once queue; a
/// retried API write can queue a second job for the same send), so the consumer dedupes on that pair.
/// </summary>
public sealed record EmailJob(
    string AccountId,
    Guid InvitationId,
    int LinkVersion,
    int SendNumber,
    string Kind)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static EmailJob? FromJson(string json) => JsonSerializer.Deserialize<EmailJob>(json, JsonOptions);
}

/// <summary>Values of <see cref="EmailJob.Kind"/>.</summary>
public static class EmailJobKinds
{
    /// <summary>The first email of a new invitation.</summary>
    public const string Invitation = "invitation";

    /// <summary>Resend invitation link: the same link again.</summary>
    public const string Resend = "resend";

    /// <summary>Send new invitation: a new link version.</summary>
    public const string Reissue = "reissue";
}
