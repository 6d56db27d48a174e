using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Invitations.Security;

/// <summary>
/// Validates bearer JWTs with <see cref="JsonWebTokenHandler"/>. Entra mode: RS256 only, issuer/audience from settings,
/// signing keys (and their rotation) from the authority's OpenID configuration. Development mode: HS256 only, with
/// the development key. The algorithm lists do not overlap, so a development token never passes in Entra mode.
/// </summary>
public sealed partial class BearerTokenValidator
{
    private const int MaxTokenLength = 16 * 1024;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly AuthOptions _options;
    private readonly ILogger<BearerTokenValidator> _logger;

    public BearerTokenValidator(
        IOptions<AuthOptions> options,
        TimeProvider time,
        ILogger<BearerTokenValidator> logger,
        BaseConfigurationManager? entraConfiguration = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _logger = logger;
        _parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAudience = _options.Audience,
            ClockSkew = _options.ClockSkew,
            // Lifetime against the injected clock (tests use a fake one).
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } exp && now < exp + parameters.ClockSkew &&
                       (notBefore is not { } nbf || now >= nbf - parameters.ClockSkew);
            },
            NameClaimType = "name",
            RoleClaimType = "roles",
        };

        if (_options.Mode == AuthMode.Entra)
        {
            if (!string.IsNullOrWhiteSpace(_options.DevelopmentSigningKey))
            {
                throw new InvalidOperationException("Auth__DevelopmentSigningKey is refused when Auth__Mode is Entra.");
            }

            _parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
            _parameters.ConfigurationManager = entraConfiguration ?? CreateConfigurationManager(_options.Authority!);
            if (!string.IsNullOrWhiteSpace(_options.Issuer))
            {
                _parameters.ValidIssuer = _options.Issuer;
            }
        }
        else
        {
            if (!AuthOptionsValidator.TryDecodeKey(_options.DevelopmentSigningKey, out var key) || key.Length < AuthOptions.MinimumDevelopmentKeyBytes)
            {
                throw new InvalidOperationException("Auth__DevelopmentSigningKey is missing or too short.");
            }

            _parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            _parameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            _parameters.ValidIssuer = _options.Issuer;
        }
    }

    public static BaseConfigurationManager CreateConfigurationManager(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var metadata = authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration";
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            metadata,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = true });
    }

    /// <summary>Reads <c>Authorization: Bearer …</c>. Failure reasons are for logs; clients only see 401.</summary>
    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return new AuthenticationOutcome(null, false, "no Authorization header");
        }

        const string scheme = "Bearer ";
        if (!authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new AuthenticationOutcome(null, false, "not a bearer token");
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        if (token.Length == 0 || token.Length > MaxTokenLength)
        {
            return new AuthenticationOutcome(null, true, "empty or oversized token");
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            // The exception type says why (expired, bad signature, audience…) without echoing the token.
            var reason = result.Exception?.GetType().Name ?? "invalid token";
            LogRejected(_logger, reason);
            return new AuthenticationOutcome(null, true, reason);
        }

        var identity = result.ClaimsIdentity;
        var userId = First(identity, "oid") ?? First(identity, "sub");
        if (string.IsNullOrWhiteSpace(userId))
        {
            return new AuthenticationOutcome(null, true, "token names no subject");
        }

        return new AuthenticationOutcome(
            new CallerIdentity(
                userId,
                First(identity, "name"),
                VerifiedEmails(identity),
                Values(identity, "roles"),
                Values(identity, _options.AccountClaim)),
            true,
            null);
    }

    /// <summary>
    /// The verified-address claims, plus the email claim when a verification claim vouches for it. Never
    /// <c>preferred_username</c>: it is a display hint the user or an admin can change. <c>email_verified: false</c> is
    /// the issuer saying the address is not the user's: the token then has no verified address at all.
    /// </summary>
    private List<string> VerifiedEmails(ClaimsIdentity identity)
    {
        var emails = new List<string>();
        if (IsFalse(First(identity, "email_verified")))
        {
            return emails;
        }

        emails.AddRange(SplitSetting(_options.VerifiedEmailClaims).SelectMany(claim => Values(identity, claim)));
        var vouchers = SplitSetting(_options.EmailVerifiedClaims);
        if (First(identity, _options.EmailClaim) is { } email &&
            (vouchers.Length == 0 || vouchers.Any(claim => IsTrue(First(identity, claim)))) &&
            vouchers.All(claim => !IsFalse(First(identity, claim))))
        {
            emails.Add(email);
        }

        return [.. emails.Distinct(StringComparer.Ordinal)];

        static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        static bool IsFalse(string? value) => string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
    }

    internal static string[] SplitSetting(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? First(ClaimsIdentity identity, string type) =>
        identity.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;

    /// <summary>A claim may be repeated, a JSON array, or one string with space/comma separated values.</summary>
    internal static IReadOnlySet<string> Values(ClaimsIdentity identity, string type)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(type))
        {
            var value = claim.Value.Trim();
            if (value.StartsWith('['))
            {
                try
                {
                    foreach (var item in JsonSerializer.Deserialize<string[]>(value) ?? [])
                    {
                        Add(item);
                    }

                    continue;
                }
                catch (JsonException)
                {
                    // Not JSON after all: fall through to splitting.
                }
            }

            foreach (var part in value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Add(part);
            }
        }

        return values;

        void Add(string? item)
        {
            if (!string.IsNullOrWhiteSpace(item))
            {
                values.Add(item.Trim());
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
