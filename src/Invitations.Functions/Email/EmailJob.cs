using System.Text.Json;
using System.Text.Json.Serialization;

namespace Invitations.Email;

/// <summary>
/// One email to send, as it travels on <c>%EmailQueueName%</c> (JSON camelCase, base64 on the queue). It names a send,
/// never its content: the consumer re-reads the invitation and sends only a (<see cref="LinkVersion"/>,
/// <see cref="SendNumber"/>) the stored invitation actually has. Jobs can arrive twice (at-least-once queue; a
/// retried API write can queue a second job for the same send), so the consumer dedupes on that pair.
/// </summary>
/// <remarks>
/// <see cref="InvitationId"/> is the invitation's GUID as a string, matching the email feature's copy of this record
/// (same shape and JSON), so either file can win the merge.
/// </remarks>
public sealed record EmailJob(
    string AccountId,
    string InvitationId,
    int LinkVersion,
    int SendNumber,
    string Kind)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
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
