using Invitations.Invitations;

namespace Invitations.Tests.Invitations;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("  Ana@Example.COM ", "Ana@Example.COM", "ana@example.com")]
    [InlineData("ana@bücher.example", "ana@bücher.example", "ana@xn--bcher-kva.example")]
    [InlineData("first.last+tag@sub.example.org", "first.last+tag@sub.example.org", "first.last+tag@sub.example.org")]
    public void Addresses_are_trimmed_and_normalised_for_comparison(string input, string value, string normalized)
    {
        var address = EmailAddress.Parse(input);

        Assert.Equal(value, address.Value);
        Assert.Equal(normalized, address.Normalized);
    }

    [Fact]
    public void An_idn_domain_and_its_punycode_are_the_same_invitee()
    {
        Assert.True(EmailAddress.Parse("ANA@BÜCHER.example").Matches("ana@xn--bcher-kva.example"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    [InlineData("a@example.com\r\nBcc: eve@example.com")]
    [InlineData("Ana <ana@example.com>")]
    [InlineData("ana @example.com")]
    [InlineData("@example.com")]
    [InlineData("ana@")]
    [InlineData("ana@-bad-.example")]
    public void Invalid_addresses_are_refused(string input)
    {
        Assert.False(EmailAddress.TryParse(input, out _));
    }

    [Theory]
    [InlineData("\u212Aate@example.com", "kate@example.com")] // KELVIN SIGN for K
    [InlineData("ana@\u212Aelvin.example", "ana@kelvin.example")]
    [InlineData("\uFF41na@example.com", "ana@example.com")] // FULLWIDTH a
    [InlineData("ana@ex\u0430mple.com", "ana@example.com")] // CYRILLIC а: another letter, not a form of "a"
    [InlineData("\uFB00@example.com", "ff@example.com")] // the ligature ff
    [InlineData("\u017Fam@example.com", "sam@example.com")] // LONG S, whose upper case is S
    [InlineData("\u0130da@example.com", "ida@example.com")] // I WITH DOT ABOVE, whose lower case contains i
    [InlineData("ana@stra\u00DFe.example", "ana@strasse.example")] // IDNA maps ß to ss
    [InlineData("a\u200Bna@example.com", "ana@example.com")] // ZERO WIDTH SPACE
    [InlineData("ana\u202E@example.com", "ana@example.com")] // RIGHT-TO-LEFT OVERRIDE
    public void Compatibility_and_invisible_characters_never_match_ascii_letters(string tricky, string plain)
    {
        Assert.False(EmailAddress.Parse(plain).Matches(tricky));
        Assert.False(EmailAddress.TryParse(tricky, out var parsed) && parsed!.Normalized == EmailAddress.Parse(plain).Normalized);
    }

    [Theory]
    [InlineData("j\u00F6rg@example.com", "J\u00D6RG@example.com")] // ö and Ö are one letter in two cases
    [InlineData("jo\u0308rg@example.com", "j\u00F6rg@example.com")] // decomposed and composed ö are one text
    [InlineData("ana@b\u00FCcher.example", "ana@xn--bcher-kva.example")]
    public void Unicode_addresses_still_match_their_own_forms(string a, string b)
    {
        Assert.True(EmailAddress.Parse(a).Matches(b));
    }

    [Fact]
    public void Addresses_longer_than_254_characters_are_refused()
    {
        Assert.False(EmailAddress.TryParse(new string('a', 250) + "@example.com", out _));
    }
}
