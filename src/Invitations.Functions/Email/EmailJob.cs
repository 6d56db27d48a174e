using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Invitations.Email;

/// <summary>
/// One message on the email queue: send email number <see cref="SendNumber"/> for one link version of one invitation.
/// JSON is camelCase: <c>{"accountId":"…","invitationId":"…","linkVersion":1,"sendNumber":1,"kind":"invitation"}</c>.
/// </summary>
public sealed record EmailJob(
    string AccountId,
    Guid InvitationId,
    int LinkVersion,
    int SendNumber,
    string Kind)
{
    /// <summary>
    /// How often an operator moved this job back from the poison queue (absent in JSON when 0). A replayed job may
    /// retry a send recorded as failed after its retries ran out.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Replays { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The idempotency key of this send (see <see cref="EmailOperationIds"/>).</summary>
    [JsonIgnore]
    public Guid OperationId => EmailOperationIds.For(InvitationId.ToString("D"), LinkVersion, SendNumber);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates a queue message; a message that fails here can never succeed (poison at once).</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out EmailJob? job, [NotNullWhen(false)] out string? error)
    {
        job = null;
        try
        {
            job = JsonSerializer.Deserialize<EmailJob>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            error = $"not an email job: {ex.Message}";
            return false;
        }

        error = job is null ? "empty email job" : job.Validate();
        if (job is null || error is not null)
        {
            job = null;
            error ??= "empty email job";
            return false;
        }

        return true;
    }

    private string? Validate()
    {
        if (string.IsNullOrWhiteSpace(AccountId))
        {
            return "accountId is required";
        }

        if (InvitationId == Guid.Empty)
        {
            return "invitationId is required";
        }

        if (LinkVersion < 1)
        {
            return "linkVersion must be at least 1";
        }

        if (SendNumber < 1)
        {
            return "sendNumber must be at least 1";
        }

        if (Replays < 0)
        {
            return "replays must not be negative";
        }

        return EmailJobKinds.IsKnown(Kind) ? null : $"kind must be one of {string.Join(", ", EmailJobKinds.All)}";
    }
}

/// <summary>Why the email is sent; selects the template (a reissue says the earlier link no longer works).</summary>
public static class EmailJobKinds
{
    public const string Invitation = "invitation";
    public const string Resend = "resend";
    public const string Reissue = "reissue";

    public static IReadOnlyList<string> All { get; } = [Invitation, Resend, Reissue];

    public static bool IsKnown(string? kind) => kind is Invitation or Resend or Reissue;
}
