using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email;

public sealed record ReplayEmailPoisonRequest
{
    public string? AccountId { get; init; }
}
