using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Invitations.Security;

/// <summary>The outcome of reading the <c>Authorization</c> header.</summary>
public sealed record AuthenticationOutcome(CallerIdentity? Caller, bool TokenPresent, string? Failure)
{
    public bool Succeeded => Caller is not null;
}
