using System.Reflection;
using Invitations.Admin.Confirmations;

namespace Invitations.Tests.Admin;

public sealed class ConfirmationTextsTests
{
    private static readonly DateTimeOffset ExpiresAt = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("nl", "nl")]
    [InlineData("nl-BE", "nl")]
    [InlineData("NL-nl", "nl")]
    [InlineData("de-DE, nl;q=0.8, en;q=0.5", "nl")]
    [InlineData("en;q=0.9, nl", "nl")]
    [InlineData("nl;q=0, en", "en")]
    [InlineData("fr, de", "en")]
    [InlineData("*", "en")]
    [InlineData("%%%;;;q=x", "en")]
    public void Accept_language_picks_english_or_dutch(string? header, string expected) =>
        Assert.Equal(expected, ConfirmationTexts.Negotiate(header));

    [Fact]
    public void A_create_says_the_email_is_queued_not_sent_with_its_code_and_parameters()
    {
        var en = ConfirmationTexts.Create(ConfirmationCodes.Created, "en", ("email", "ana@example.com"), ("expiresAt", ExpiresAt));
        var nl = ConfirmationTexts.Create(ConfirmationCodes.Created, "nl", ("email", "ana@example.com"), ("expiresAt", ExpiresAt));

        Assert.Equal("invitation-created", en.MessageCode);
        Assert.Equal(new Dictionary<string, string> { ["email"] = "ana@example.com", ["expiresAt"] = "2026-12-04T09:30:00Z" }, en.Parameters);
        Assert.Equal("Invitation created. The email to ana@example.com is queued and will be sent shortly. The link works until 2026-12-04 09:30 UTC.", en.Message);
        Assert.DoesNotContain("was sent", en.Message, StringComparison.Ordinal);
        Assert.Equal("nl", nl.Language);
        Assert.Equal(en.Parameters, nl.Parameters);
        Assert.Contains("in de wachtrij", nl.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_code_has_a_text_in_every_language_that_uses_no_unknown_placeholder()
    {
        var codes = typeof(ConfirmationCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(8, codes.Count);
        foreach (var language in ConfirmationTexts.Languages)
        {
            foreach (var code in codes)
            {
                var confirmation = ConfirmationTexts.Create(code, language, ("email", "a@example.com"), ("expiresAt", ExpiresAt), ("role", "admin"), ("created", 3), ("failed", 2));
                Assert.DoesNotContain("{", confirmation.Message, StringComparison.Ordinal);
                Assert.Equal(language, confirmation.Language);
            }
        }
    }

    [Fact]
    public void An_unsupported_language_falls_back_to_english() =>
        Assert.Equal("en", ConfirmationTexts.Create(ConfirmationCodes.Revoked, "fr", ("email", "a@example.com")).Language);
}
