using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Email;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Admin;

/// <summary>The answer of a create: fresh, or replayed from the stored response of an earlier call with the same key.</summary>
public sealed record CreateInvitationResult(Guid InvitationId, JsonElement Body, bool Replayed);
