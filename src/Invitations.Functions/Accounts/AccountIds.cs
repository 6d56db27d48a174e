using System.Text.RegularExpressions;

namespace Invitations.Accounts;

/// <summary>Account ids are partition keys: a conservative alphabet keeps them valid and unambiguous.</summary>
public static partial class AccountIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? accountId) => accountId is not null && Pattern().IsMatch(accountId);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
