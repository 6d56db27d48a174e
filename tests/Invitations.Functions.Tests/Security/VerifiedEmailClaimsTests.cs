using Invitations.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Invitations.Tests.Security;

/// <summary>Which addresses a token vouches for on accept (docs/api.md, "Which address counts on accept").</summary>
public sealed class VerifiedEmailClaimsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("""{"email":"ana@example.com","email_verified":true}""", "ana@example.com")]
    [InlineData("""{"email":"ana@example.com","xms_edov":true}""", "ana@example.com")]
    [InlineData("""{"email":"ana@example.com","xms_edov":"true"}""", "ana@example.com")]
    [InlineData("""{"email":"ana@example.com","email_verified":false}""", "")]
    [InlineData("""{"email":"ana@example.com","email_verified":true,"xms_edov":false}""", "")]
    [InlineData("""{"email":"ana@example.com"}""", "")]
    [InlineData("""{"preferred_username":"ana@example.com"}""", "")]
    [InlineData("""{"upn":"ana@example.com","unique_name":"ana@example.com"}""", "")]
    [InlineData("""{"verified_primary_email":"ana@example.com"}""", "ana@example.com")]
    [InlineData("""{"verified_primary_email":"ana@example.com","verified_secondary_email":["b@example.com","c@example.com"]}""", "ana@example.com b@example.com c@example.com")]
    [InlineData("""{"verified_primary_email":"ana@example.com","email":"eve@example.com"}""", "ana@example.com")]
    // The issuer saying the email is not verified withdraws every address from the token.
    [InlineData("""{"verified_primary_email":"ana@example.com","email_verified":false}""", "")]
    public async Task Only_verified_addresses_count_by_default(string claims, string expected)
    {
        var caller = await AuthenticateAsync(claims, new AuthOptions());

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), caller.VerifiedEmails);
    }

    [Fact]
    public async Task An_issuer_that_only_issues_verified_addresses_can_be_trusted_by_configuration_but_never_against_email_verified_false()
    {
        var trusting = new AuthOptions { EmailVerifiedClaims = "" };

        Assert.Equal(["ana@example.com"], (await AuthenticateAsync("""{"email":"ana@example.com"}""", trusting)).VerifiedEmails);
        Assert.Empty((await AuthenticateAsync("""{"email":"ana@example.com","email_verified":false}""", trusting)).VerifiedEmails);
    }

    [Fact]
    public async Task The_claim_names_are_configurable()
    {
        var custom = new AuthOptions { EmailClaim = "mail", EmailVerifiedClaims = "mail_ok", VerifiedEmailClaims = "otherMails" };

        var caller = await AuthenticateAsync("""{"mail":"ana@example.com","mail_ok":true,"otherMails":"b@example.com","email":"x@example.com","email_verified":true}""", custom);

        Assert.Equal(["b@example.com", "ana@example.com"], caller.VerifiedEmails);
    }

    [Fact]
    public void Development_tokens_say_whether_the_email_is_verified()
    {
        var options = BearerTokenValidatorTests.DevOptions();

        var verified = new JsonWebToken(DevelopmentTokens.Mint(options, new DevelopmentTokenRequest { Email = "ana@example.com" }, _time));
        var unverified = new JsonWebToken(DevelopmentTokens.Mint(options, new DevelopmentTokenRequest { Email = "ana@example.com", EmailVerified = false }, _time));

        Assert.Equal("true", verified.GetClaim("email_verified").Value);
        Assert.Equal("false", unverified.GetClaim("email_verified").Value);
    }

    private async Task<CallerIdentity> AuthenticateAsync(string claimsJson, AuthOptions settings)
    {
        var options = BearerTokenValidatorTests.DevOptions();
        options.EmailClaim = settings.EmailClaim;
        options.EmailVerifiedClaims = settings.EmailVerifiedClaims;
        options.VerifiedEmailClaims = settings.VerifiedEmailClaims;
        var claims = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(claimsJson)!
            .ToDictionary(p => p.Key, p => (object)p.Value);
        claims["sub"] = "user-1";
        var now = _time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(options.DevelopmentSigningKey!)), SecurityAlgorithms.HmacSha256),
        });

        var outcome = await new BearerTokenValidator(Options.Create(options), _time, NullLogger<BearerTokenValidator>.Instance).AuthenticateAsync("Bearer " + token);
        Assert.True(outcome.Succeeded, outcome.Failure);
        return outcome.Caller!;
    }
}
