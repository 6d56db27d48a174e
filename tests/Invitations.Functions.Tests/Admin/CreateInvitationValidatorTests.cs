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
    [Theory]
    [InlineData("Verify your password at https://evil.example/login")]
    [InlineData("Verify your password at evil.example/login")]
    [InlineData("see evil.example")]
    [InlineData("HTTP://EVIL.EXAMPLE")]
    [InlineData("www.evil.example")]
    [InlineData("ftp://files.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:eve@evil.example")]
    [InlineData("write to eve@evil.example")]
    [InlineData("go to 203.0.113.7/login")]
    [InlineData("b\u00FCcher.example")]
    [InlineData("evil.xn--p1ai")]
    [InlineData("\uFF45\uFF56\uFF49\uFF4C\uFF0E\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45")] // full-width evil.example
    [InlineData("evil\u3002example")] // ideographic full stop
    [InlineData("evil.exa\u00ADmple/login")] // a soft hyphen inside the domain
    public void A_message_with_a_link_url_or_bare_domain_is_refused_naming_the_field(string message)
    {
        var errors = ErrorsOf(new CreateInvitationRequest("a@example.com", Message: message));

        Assert.Equal(["message"], errors.Keys);
        Assert.Contains(errors["message"], m => m.Contains("links", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Welcome to the team! See you on Monday at 9.30.")]
    [InlineData("Hi Ana, e.g. the Q3 plan, i.e. v2.1, is ready. Ph.D. students welcome; U.S. office: 3.5 km away.")]
    [InlineData("Price: 1.234,56 EUR (ref 12.34.56)")]
    [InlineData("Note: bring your laptop :)")]
    [InlineData("Willkommen im Team, J\u00F6rg! \U0001F44B")]
    public void An_ordinary_message_is_accepted(string message)
    {
        Assert.Equal(message, CreateInvitationValidator.Validate(new CreateInvitationRequest("a@example.com", Message: message), Options).Message);
    }

    [Theory]
    [InlineData("\u202A")]
    [InlineData("\u202B")]
    [InlineData("\u202C")]
    [InlineData("\u202D")]
    [InlineData("\u202E")]
    [InlineData("\u2066")]
    [InlineData("\u2067")]
    [InlineData("\u2068")]
    [InlineData("\u2069")]
    [InlineData("\u200B")] // zero width space
    [InlineData("\u200E")] // left-to-right mark
    [InlineData("\u2060")] // word joiner
    [InlineData("\uFEFF")] // byte order mark
    [InlineData("\u00AD")] // soft hyphen
    [InlineData("\u3164")] // Hangul filler
    [InlineData("\U000E0041")] // tag latin capital A
    public void Names_and_messages_refuse_bidi_controls_and_invisible_format_characters(string invisible)
    {
        var errors = ErrorsOf(new CreateInvitationRequest("a@example.com", "Ana" + invisible + "gpj.exe", Message: "Hi" + invisible + " there"));

        Assert.Contains(errors["displayName"], m => m.Contains("invisible", StringComparison.Ordinal));
        Assert.Contains(errors["message"], m => m.Contains("invisible", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")] // Persian with a zero-width non-joiner between letters
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467")] // a family emoji joined by zero-width joiners
    public void Joiners_between_visible_characters_are_allowed(string name)
    {
        Assert.Equal(name, CreateInvitationValidator.Validate(new CreateInvitationRequest("a@example.com", name, Message: name), Options).DisplayName);
    }

    [Theory]
    [InlineData("\u200DAna")]
    [InlineData("Ana\u200C")]
    [InlineData("Ana \u200D Bo")]
    public void Joiners_at_the_edges_or_next_to_spaces_are_refused(string name)
    {
        Assert.True(ErrorsOf(new CreateInvitationRequest("a@example.com", name)).ContainsKey("displayName"));
    }
}
