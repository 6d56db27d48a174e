using Invitations.Storage;
using Microsoft.Extensions.Logging;

namespace Invitations.Acceptance;

/// <summary>Body of <c>POST /invitations/accept</c>.</summary>
public sealed record AcceptInvitationRequest(string? Token);
