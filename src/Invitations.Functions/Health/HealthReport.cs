namespace Invitations.Health;

public sealed record HealthReport(string Version, DependencyHealth TableStorage, DependencyHealth QueueStorage)
{
    public bool Healthy => TableStorage.Healthy && QueueStorage.Healthy;
}
