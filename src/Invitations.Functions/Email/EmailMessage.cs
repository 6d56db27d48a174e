namespace Invitations.Email;

/// <summary>
/// One email to one recipient. The sender address comes from <see cref="EmailOptions"/>.
/// Values that can reach a header (display name, subject) are made single-line here, so no
/// transport can be tricked into adding a header.
/// </summary>
public sealed record EmailMessage
{
    public EmailMessage(string toAddress, string? toDisplayName, string subject, string html, string plainText, string? replyTo = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toAddress);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(plainText);

        ToAddress = HeaderText.SingleLine(toAddress);
        ToDisplayName = string.IsNullOrWhiteSpace(toDisplayName) ? null : HeaderText.SingleLine(toDisplayName);
        Subject = HeaderText.Subject(subject);
        Html = html;
        PlainText = plainText;
        ReplyTo = string.IsNullOrWhiteSpace(replyTo) ? null : HeaderText.SingleLine(replyTo);
    }

    public string ToAddress { get; }

    public string? ToDisplayName { get; }

    /// <summary>At most <see cref="HeaderText.MaxSubjectLength"/> characters, single line.</summary>
    public string Subject { get; }

    public string Html { get; }

    public string PlainText { get; }

    public string? ReplyTo { get; }
}
