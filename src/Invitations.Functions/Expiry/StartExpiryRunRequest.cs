using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Expiry;

public sealed record StartExpiryRunRequest
{
    public bool DryRun { get; init; }
}
