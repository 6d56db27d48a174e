using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

/// <summary>An invitation a dry run would expire.</summary>
public sealed record ExpiryCandidate(string AccountId, Guid InvitationId, DateTimeOffset ExpiresAt);
