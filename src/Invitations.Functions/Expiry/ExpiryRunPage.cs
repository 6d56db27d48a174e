using Invitations.Invitations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Expiry;

public sealed record ExpiryRunPage(IReadOnlyList<ExpiryRunRecord> Items, string? ContinuationToken);
