using System.Text;
using Microsoft.Extensions.Options;

namespace Invitations.Invitations;

/// <summary>What a verified link token says: which invitation, which link version, signed by which key.</summary>
public sealed record LinkTokenClaims(string AccountId, Guid InvitationId, int LinkVersion, string KeyId);
