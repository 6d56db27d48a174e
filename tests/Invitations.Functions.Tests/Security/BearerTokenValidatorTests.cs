using System.Security.Claims;
using System.Security.Cryptography;
using Invitations.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Protocols;

namespace Invitations.Tests.Security;

public sealed class BearerTokenValidatorTests
{
    public const string DevKey = "ZGV2LW9ubHkta2V5LWZvci10ZXN0cy0xMjM0NTY3ODkwYWJjZGVm";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    public static AuthOptions DevOptions() => new()
    {
        Mode = AuthMode.Development,
        Issuer = "https://invitations.local/dev",
        Audience = "api://invitations-local",
        DevelopmentSigningKey = DevKey,
    };

    private BearerTokenValidator Validator(AuthOptions? options = null, BaseConfigurationManager? entra = null) =>
        new(Options.Create(options ?? DevOptions()), _time, NullLogger<BearerTokenValidator>.Instance, entra);

    private string Mint(DevelopmentTokenRequest? request = null, AuthOptions? options = null) =>
        DevelopmentTokens.Mint(options ?? DevOptions(), request ?? new DevelopmentTokenRequest { Roles = ["Invitations.Admin"], Accounts = ["acct-1"] }, _time);

    [Fact]
    public async Task A_development_token_yields_the_caller_with_roles_and_accounts()
    {
        var outcome = await Validator().AuthenticateAsync("Bearer " + Mint(new DevelopmentTokenRequest
        {
            UserId = "u-1", Name = "Ada", Email = "ada@example.com", Roles = ["Invitations.Admin"], Accounts = ["acct-1", "acct-2"],
        }));

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Equal("u-1", outcome.Caller!.UserId);
        Assert.Equal("Ada", outcome.Caller.Name);
        Assert.Equal(["ada@example.com"], outcome.Caller.VerifiedEmails);
        Assert.True(outcome.Caller.IsAdminOf("acct-2", "Invitations.Admin"));
        Assert.False(outcome.Caller.IsAdminOf("acct-3", "Invitations.Admin"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not.a.jwt")]
    public async Task Missing_or_malformed_authorization_fails(string? header)
    {
        Assert.False((await Validator().AuthenticateAsync(header)).Succeeded);
    }

    [Fact]
    public async Task An_expired_token_fails()
    {
        var token = Mint(new DevelopmentTokenRequest { Roles = ["Invitations.Admin"], Lifetime = TimeSpan.FromMinutes(10) });
        _time.Advance(TimeSpan.FromMinutes(13));

        Assert.False((await Validator().AuthenticateAsync("Bearer " + token)).Succeeded);
    }

    [Fact]
    public async Task A_token_for_another_audience_issuer_or_key_fails()
    {
        var validator = Validator();
        var otherKey = DevOptions();
        otherKey.DevelopmentSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var otherAudience = DevOptions();
        otherAudience.Audience = "api://someone-else";
        var otherIssuer = DevOptions();
        otherIssuer.Issuer = "https://evil.example";

        Assert.False((await validator.AuthenticateAsync("Bearer " + Mint(options: otherKey))).Succeeded);
        Assert.False((await validator.AuthenticateAsync("Bearer " + Mint(options: otherAudience))).Succeeded);
        Assert.False((await validator.AuthenticateAsync("Bearer " + Mint(options: otherIssuer))).Succeeded);
    }

    [Fact]
    public async Task An_unsigned_token_fails()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevOptions().Issuer,
            Audience = DevOptions().Audience,
            Expires = _time.GetUtcNow().UtcDateTime.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["roles"] = new[] { "Invitations.Admin" } },
        });

        Assert.False((await Validator().AuthenticateAsync("Bearer " + unsigned)).Succeeded);
    }

    [Fact]
    public void Entra_mode_refuses_a_development_key_at_start()
    {
        var options = EntraOptions();
        options.DevelopmentSigningKey = DevKey;

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("DevelopmentSigningKey is refused", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(DevKey, result.FailureMessage, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Validator(options, StaticEntra(out _)));
        Assert.Throws<InvalidOperationException>(() => DevelopmentTokens.Mint(options, new DevelopmentTokenRequest()));
    }

    [Fact]
    public void Development_mode_is_refused_on_azure_app_service()
    {
        var onAzure = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_SITE_NAME"] = "invitations-prod" }).Build();

        Assert.True(new AuthOptionsValidator(onAzure).Validate(null, DevOptions()).Failed);
        Assert.True(new AuthOptionsValidator(new ConfigurationBuilder().Build()).Validate(null, DevOptions()).Succeeded);
        Assert.True(new AuthOptionsValidator(onAzure).Validate(null, EntraOptions()).Succeeded);
    }

    [Fact]
    public async Task Entra_mode_accepts_tokens_signed_with_the_published_keys_and_refuses_development_tokens()
    {
        var validator = Validator(EntraOptions(), StaticEntra(out var rsa));
        var entraToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = EntraOptions().Issuer,
            Audience = EntraOptions().Audience,
            IssuedAt = _time.GetUtcNow().UtcDateTime,
            NotBefore = _time.GetUtcNow().UtcDateTime,
            Expires = _time.GetUtcNow().UtcDateTime.AddHours(1),
            Claims = new Dictionary<string, object> { ["oid"] = "entra-user", ["roles"] = new[] { "Invitations.Admin" }, ["accounts"] = "acct-1 acct-2" },
            SigningCredentials = new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256),
        });
        // The same issuer and audience, signed with the development key.
        var devOptions = DevOptions();
        devOptions.Issuer = EntraOptions().Issuer;
        devOptions.Audience = EntraOptions().Audience;

        var good = await validator.AuthenticateAsync("Bearer " + entraToken);
        var dev = await validator.AuthenticateAsync("Bearer " + Mint(options: devOptions));

        Assert.True(good.Succeeded, good.Failure);
        Assert.Equal(["acct-1", "acct-2"], good.Caller!.Accounts.Order());
        Assert.False(dev.Succeeded);
    }

    [Fact]
    public void Account_claim_values_may_be_repeated_a_json_array_or_space_separated()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("accounts", "a1"),
            new Claim("accounts", "[\"a2\",\"a3\"]"),
            new Claim("accounts", "a4 a5,a6"),
        ]);

        Assert.Equal(["a1", "a2", "a3", "a4", "a5", "a6"], BearerTokenValidator.Values(identity, "accounts").Order());
    }

    [Fact]
    public void Mint_token_arguments_produce_a_token_with_the_asked_claims()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Development",
            ["Auth:Issuer"] = DevOptions().Issuer,
            ["Auth:Audience"] = DevOptions().Audience,
            ["Auth:DevelopmentSigningKey"] = DevKey,
        }).Build();

        var token = DevelopmentTokens.MintFromArguments(configuration, ["mint-token", "--account", "demo", "--role", "Invitations.Admin", "--email", "ana@example.com"], _time);

        var jwt = new JsonWebToken(token);
        Assert.Equal("ana@example.com", jwt.GetClaim("email").Value);
        Assert.Equal("demo", jwt.GetClaim("accounts").Value);
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.MintFromArguments(configuration, ["--bogus", "x"], _time));
    }

    private static AuthOptions EntraOptions() => new()
    {
        Mode = AuthMode.Entra,
        Authority = new Uri("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0"),
        Issuer = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
        Audience = "api://invitations",
    };

    private static StaticConfigurationManager<OpenIdConnectConfiguration> StaticEntra(out RsaSecurityKey key)
    {
        key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "entra-key-1" };
        var configuration = new OpenIdConnectConfiguration { Issuer = EntraOptions().Issuer };
        configuration.SigningKeys.Add(key);
        return new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
    }
}
