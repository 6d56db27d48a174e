using Invitations.Invitations;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Invitations;

internal static class InvitationTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    public static readonly Actor Admin = new("admin-1", "Ada Admin");
    public static readonly Actor Invitee = new("user-9", "Ana");

    /// <summary>The default: six emails per invitation in any rolling 24 hours.</summary>
    public static readonly EmailLimit DailyEmails = EmailLimit.PerDay(6);

    public static Invitation NewInvitation(DateTimeOffset? now = null, string email = "ana@example.com", string accountId = "acct-1") =>
        Invitation.Create(
            new NewInvitation(accountId, Guid.NewGuid(), EmailAddress.Parse(email), "Ana", "member", "Welcome!", "en"),
            Admin,
            now ?? Start,
            Lifetime);

    public static InvitationLinkTokens Tokens(string activeKeyId = "k1", params (string Id, byte Fill)[] keys)
    {
        var options = new LinkSigningOptions { ActiveKeyId = activeKeyId };
        foreach (var (id, fill) in keys.Length == 0 ? [("k1", (byte)1)] : keys)
        {
            options.Keys[id] = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());
        }

        return new InvitationLinkTokens(Options.Create(options));
    }
}
