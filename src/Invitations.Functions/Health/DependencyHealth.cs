namespace Invitations.Health;

public sealed record DependencyHealth(bool Healthy, string? Reason = null);
