using System.ComponentModel.DataAnnotations;
using Invitations.Invitations;

namespace Invitations.Limits;

/// <summary>Sending limits that keep our sender domain from flooding an inbox (section <c>Limits</c>).</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>
    /// Emails one invitation may send in any rolling 24 hours: the first email, resends and new invitations alike,
    /// whatever the link version. Default 6.
    /// </summary>
    [Range(1, 100)]
    public int EmailsPerInvitationPerDay { get; set; } = 6;

    /// <summary>
    /// Invitation emails one account may send per UTC day (creates, resends, new invitations, bulk rows). Default 500.
    /// </summary>
    [Range(1, 1_000_000)]
    public int EmailsPerAccountPerDay { get; set; } = 500;

    public EmailLimit PerInvitation => EmailLimit.PerDay(EmailsPerInvitationPerDay);
}
