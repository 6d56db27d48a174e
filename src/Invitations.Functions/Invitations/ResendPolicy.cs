namespace Invitations.Invitations;

public sealed record ResendPolicy(int Limit, TimeSpan Window);
