using Invitations.Email;
using Invitations.Email.Rendering;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Email;

public sealed class InvitationEmailRendererTests
{
    private static readonly Uri Link = new("https://portal.example.com/invitations/accept?token=abc.def&x=1");

    private readonly InvitationEmailRenderer _renderer = new(new EmailTemplateStore(), Options.Create(new EmailOptions { ProductName = "Contoso Hub", ReplyTo = "help@example.com" }));

    [Fact]
    public void English_invitation_names_the_account_inviter_message_link_and_expiry()
    {
        var email = _renderer.Render(Model());

        Assert.Equal("en", email.Language);
        Assert.Equal("Grace Hopper invited you to join Acme on Contoso Hub", email.Subject);
        Assert.Contains("Hello Ada Lovelace,", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Welcome aboard!", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("This invitation expires on 3 December 2026.", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("This invitation expires on 3 December 2026.", email.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>Acme</strong>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_is_in_both_parts()
    {
        var email = _renderer.Render(Model());

        Assert.Contains(Link.AbsoluteUri, email.PlainText, StringComparison.Ordinal);
        // In HTML the & of the query is an entity, in the href and in the text.
        Assert.Contains("href=\"https://portal.example.com/invitations/accept?token=abc.def&amp;x=1\"", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_in_a_display_name_is_encoded_in_html()
    {
        var email = _renderer.Render(Model() with
        {
            InviteeDisplayName = "<script>alert('x')</script>",
            InviterName = "Eve \"<img src=x onerror=alert(1)>\"",
            PersonalMessage = "<b>bold</b>\nsecond line",
        });

        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;<br>\nsecond line", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Cr_lf_in_names_never_leaves_the_subject_or_display_name_multi_line()
    {
        var message = _renderer.Compose(Model() with
        {
            InviteeDisplayName = "Ada\r\nBcc: victim@example.com",
            InviterName = "Grace\r\nX-Injected: yes",
        });

        Assert.DoesNotContain('\r', message.Subject);
        Assert.DoesNotContain('\n', message.Subject);
        Assert.Equal("Ada Bcc: victim@example.com", message.ToDisplayName);
        Assert.Equal("Grace X-Injected: yes invited you to join Acme on Contoso Hub", message.Subject);
        Assert.Equal("help@example.com", message.ReplyTo);
    }

    [Fact]
    public void Subject_is_at_most_255_characters()
    {
        var email = _renderer.Render(Model() with { AccountName = new string('A', 400) + "😀" });

        Assert.True(email.Subject.Length <= 255, $"subject has {email.Subject.Length} characters");
        Assert.EndsWith("…", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholder_syntax_in_user_text_is_not_expanded()
    {
        var email = _renderer.Render(Model() with { InviteeDisplayName = "{{link}}", PersonalMessage = "{{#link}}x{{/link}}" });

        Assert.Contains("Hello {{link}},", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("{{#link}}x{{/link}}", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_optional_fields_drop_their_sections()
    {
        var email = _renderer.Render(Model() with { InviteeDisplayName = null, PersonalMessage = "  " });

        Assert.StartsWith("Hello,", email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Message from", email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("<blockquote", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void New_invitation_says_the_earlier_link_no_longer_works()
    {
        var email = _renderer.Render(Model() with { Kind = EmailJobKinds.Reissue });

        Assert.StartsWith("Your new invitation", email.Subject, StringComparison.Ordinal);
        Assert.Contains("earlier invitation no longer works", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("earlier invitation no longer works", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Resend_uses_the_invitation_text()
    {
        var email = _renderer.Render(Model() with { Kind = EmailJobKinds.Resend });

        Assert.DoesNotContain("no longer works", email.PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-NL")]
    [InlineData("nl")]
    [InlineData("NL_nl")]
    public void Second_language_renders_with_its_own_month_names(string locale)
    {
        var email = _renderer.Render(Model() with { Locale = locale });

        Assert.Equal("nl", email.Language);
        Assert.Equal("Grace Hopper nodigt je uit voor Acme op Contoso Hub", email.Subject);
        Assert.Contains("Deze uitnodiging verloopt op 3 december 2026.", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Deze uitnodiging verloopt op 3 december 2026.", email.Html, StringComparison.Ordinal);
        Assert.Contains(Link.AbsoluteUri, email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Second_language_new_invitation_renders()
    {
        var email = _renderer.Render(Model() with { Locale = "nl-BE", Kind = EmailJobKinds.Reissue });

        Assert.Contains("De link in een eerdere uitnodiging werkt niet meer", email.PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fr-FR")]
    [InlineData("../../etc")]
    public void Unknown_or_missing_locale_falls_back_to_English(string? locale)
    {
        Assert.Equal("en", _renderer.Render(Model() with { Locale = locale }).Language);
    }

    [Fact]
    public void Languages_come_from_the_template_files()
    {
        var store = new EmailTemplateStore();

        Assert.Contains("en", store.Languages);
        Assert.Contains("nl", store.Languages);
        foreach (var language in store.Languages)
        {
            foreach (var file in (string[])["invitation.subject.txt", "invitation.txt", "invitation.html", "reissue.subject.txt", "reissue.txt", "reissue.html"])
            {
                Assert.False(string.IsNullOrWhiteSpace(store.Get(language, file)), $"{language}/{file} is empty");
            }
        }
    }

    [Fact]
    public void A_language_added_as_files_only_is_picked_by_locale()
    {
        // The same discovery the embedded files go through, fed a third language.
        var files = new Dictionary<string, string>
        {
            ["en/invitation.subject.txt"] = "en",
            ["en/invitation.txt"] = "en",
            ["en/invitation.html"] = "en",
            ["de/invitation.subject.txt"] = "Einladung zu {{accountName}}",
            ["de/invitation.txt"] = "Gültig bis {{expiresOn:d. MMMM yyyy}}: {{link}}",
            ["de/invitation.html"] = "<p>Gültig bis {{expiresOn:d. MMMM yyyy}}: <a href=\"{{link}}\">{{link}}</a></p>",
        };
        var renderer = new InvitationEmailRenderer(new EmailTemplateStore(files), Options.Create(new EmailOptions()));

        var email = renderer.Render(Model() with { Locale = "de-AT" });

        Assert.Equal("de", email.Language);
        Assert.Equal("Einladung zu Acme", email.Subject);
        Assert.StartsWith("Gültig bis 3. Dezember 2026: https://", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_that_is_not_http_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _renderer.Render(Model() with { Link = new Uri("javascript:alert(1)") }));
    }

    private static InvitationEmailModel Model() => new()
    {
        InviteeAddress = "ada@example.com",
        InviteeDisplayName = "Ada Lovelace",
        AccountName = "Acme",
        InviterName = "Grace Hopper",
        PersonalMessage = "Welcome aboard!",
        Link = Link,
        ExpiresAt = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero),
    };
}
