namespace Invitations.Expiry;

public static class ExpiryRunTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
}
