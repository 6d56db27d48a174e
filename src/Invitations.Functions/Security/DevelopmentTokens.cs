using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Invitations.Security;

/// <summary>
/// Mints tokens for local runs and tests, signed with <c>Auth__DevelopmentSigningKey</c>. Refuses unless
/// <c>Auth__Mode</c> is Development, so it cannot produce anything a real (Entra) deployment accepts.
/// </summary>
public static class DevelopmentTokens
{
    public const string DemoAccountId = "demo";

    /// <summary>Mints a token with the settings of <paramref name="configuration"/> (section <c>Auth</c>).</summary>
    public static string Mint(IConfiguration configuration, DevelopmentTokenRequest request, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        return Mint(options, request, time);
    }

    public static string Mint(AuthOptions options, DevelopmentTokenRequest request, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        if (options.Mode != AuthMode.Development)
        {
            throw new InvalidOperationException("Development tokens can only be minted when Auth__Mode is Development.");
        }

        if (!AuthOptionsValidator.TryDecodeKey(options.DevelopmentSigningKey, out var key) || key.Length < AuthOptions.MinimumDevelopmentKeyBytes)
        {
            throw new InvalidOperationException("Auth__DevelopmentSigningKey is missing or too short.");
        }

        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = request.UserId,
            ["oid"] = request.UserId,
        };
        if (request.Name is not null)
        {
            claims["name"] = request.Name;
        }

        if (request.Email is not null)
        {
            claims[options.EmailClaim] = request.Email;
        }

        if (request.Email is not null && request.EmailVerified is { } verified)
        {
            claims["email_verified"] = verified;
        }

        if (request.Roles.Count > 0)
        {
            claims["roles"] = request.Roles.ToArray();
        }

        if (request.Accounts.Count > 0)
        {
            claims[options.AccountClaim] = request.Accounts.ToArray();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + request.Lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An admin token for the demo account, as the local host prints at start.</summary>
    public static string MintDemoAdmin(IConfiguration configuration, string accountId = DemoAccountId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var adminRole = configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.AdminRole)}"];
        return Mint(configuration, new DevelopmentTokenRequest
        {
            UserId = "demo-admin",
            Name = "Demo Admin",
            Email = "admin@example.com",
            Roles = [string.IsNullOrWhiteSpace(adminRole) ? "Invitations.Admin" : adminRole],
            Accounts = [accountId],
        }, time);
    }

    /// <summary>
    /// Parses <c>mint-token --account demo --role Invitations.Admin --email ana@example.com --user ana --name Ana --hours 12</c>
    /// (every option optional; <c>--account</c> and <c>--role</c> may repeat). For the local host's command line.
    /// </summary>
    public static string MintFromArguments(IConfiguration configuration, IReadOnlyList<string> args, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var accounts = new List<string>();
        var roles = new List<string>();
        var request = new DevelopmentTokenRequest();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "mint-token")
            {
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option {name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--account": accounts.Add(value); break;
                case "--role": roles.Add(value); break;
                case "--email": request = request with { Email = value }; break;
                case "--user": request = request with { UserId = value }; break;
                case "--name": request = request with { Name = value }; break;
                case "--hours":
                    request = request with { Lifetime = TimeSpan.FromHours(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) };
                    break;
                default: throw new ArgumentException($"Unknown option {name}. Use --account, --role, --email, --user, --name, --hours.");
            }
        }

        return Mint(configuration, request with { Accounts = accounts, Roles = roles }, time);
    }
}
