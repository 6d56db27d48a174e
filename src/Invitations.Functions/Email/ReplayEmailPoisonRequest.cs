using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email;

public sealed record ReplayEmailPoisonRequest
{
    public string? AccountId { get; init; }
}
