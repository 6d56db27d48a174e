using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Invitations.Health;

public sealed record DependencyHealth(bool Healthy, string? Reason = null);
