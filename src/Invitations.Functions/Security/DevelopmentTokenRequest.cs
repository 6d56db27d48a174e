using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Invitations.Security;

/// <summary>What a development token says about its holder.</summary>
public sealed record DevelopmentTokenRequest
{
    public string UserId { get; init; } = "dev-admin";
    public string? Name { get; init; } = "Dev Admin";
    public string? Email { get; init; } = "admin@example.com";
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Accounts { get; init; } = [];
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(12);
}
