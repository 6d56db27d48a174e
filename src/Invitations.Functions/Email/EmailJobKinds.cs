namespace Invitations.Email;

/// <summary>Why the email is sent; selects the template (a reissue says the earlier link no longer works).</summary>
public static class EmailJobKinds
{
    public const string Invitation = "invitation";
    public const string Resend = "resend";
    public const string Reissue = "reissue";

    public static IReadOnlyList<string> All { get; } = [Invitation, Resend, Reissue];

    public static bool IsKnown(string? kind) => kind is Invitation or Resend or Reissue;
}
