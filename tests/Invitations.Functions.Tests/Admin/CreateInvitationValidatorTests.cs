using Invitations.Admin;
using Invitations.Invitations;

namespace Invitations.Tests.Admin;

public sealed class CreateInvitationValidatorTests
{
    private static readonly InvitationOptions Options = new() { Roles = "member, admin", PortalBaseUrl = new Uri("https://portal.example") };

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(CreateInvitationRequest request)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => CreateInvitationValidator.Validate(request, Options));
        Assert.Equal("validation-failed", ex.Code);
        return ex.Errors;
    }

    [Fact]
    public void A_minimal_request_gets_the_default_role_and_trimmed_values()
    {
        var valid = CreateInvitationValidator.Validate(new CreateInvitationRequest(" Ana@Example.com ", "  Ana  ", null, " ", "pt-BR"), Options);

        Assert.Equal("ana@example.com", valid.Email.Normalized);
        Assert.Equal("Ana", valid.DisplayName);
        Assert.Equal("member", valid.Role);
        Assert.Null(valid.Message);
        Assert.Equal("pt-BR", valid.Locale);
    }

    [Fact]
    public void Roles_match_case_insensitively_and_take_the_configured_spelling()
    {
        Assert.Equal("admin", CreateInvitationValidator.Validate(new CreateInvitationRequest("a@example.com", Role: "ADMIN"), Options).Role);
        Assert.True(ErrorsOf(new CreateInvitationRequest("a@example.com", Role: "owner")).ContainsKey("role"));
    }

    [Theory]
    [InlineData("Ana\r\nBcc: x@example.com")]
    [InlineData("Ana\nX")]
    [InlineData("Ana\rX")]
    [InlineData("Ana\u2028X")]
    [InlineData("Ana\u0085X")]
    [InlineData("Ana\tX")]
    public void Display_names_that_could_break_a_mail_header_are_refused(string displayName)
    {
        Assert.True(ErrorsOf(new CreateInvitationRequest("a@example.com", displayName)).ContainsKey("displayName"));
    }

    [Fact]
    public void Limits_are_exact()
    {
        CreateInvitationValidator.Validate(new CreateInvitationRequest("a@example.com", new string('d', 100), Message: new string('m', 500)), Options);

        var errors = ErrorsOf(new CreateInvitationRequest("a@example.com", new string('d', 101), Message: new string('m', 501)));
        Assert.True(errors.ContainsKey("displayName"));
        Assert.True(errors.ContainsKey("message"));
    }

    [Fact]
    public void Messages_may_have_line_breaks_but_not_other_control_characters()
    {
        CreateInvitationValidator.Validate(new CreateInvitationRequest("a@example.com", Message: "Hi,\r\nwelcome!\n"), Options);
        Assert.True(ErrorsOf(new CreateInvitationRequest("a@example.com", Message: "bell\u0007")).ContainsKey("message"));
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var errors = ErrorsOf(new CreateInvitationRequest("nope", "x\ny", "owner", new string('m', 501), "en\r\nX"));

        Assert.Equal(["displayName", "email", "locale", "message", "role"], errors.Keys.Order());
    }

    [Fact]
    public void The_idempotency_hash_depends_on_the_normalised_content_only()
    {
        var a = CreateInvitationValidator.Validate(new CreateInvitationRequest("Ana@Example.com", "Ana"), Options);
        var b = CreateInvitationValidator.Validate(new CreateInvitationRequest(" ana@example.COM ", " Ana "), Options);
        var c = CreateInvitationValidator.Validate(new CreateInvitationRequest("ana@example.com", "Anna"), Options);

        Assert.Equal(a.Hash(), b.Hash());
        Assert.NotEqual(a.Hash(), c.Hash());
    }
}
