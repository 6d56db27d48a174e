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

    [Fact]
    public void Addresses_longer_than_254_characters_are_refused()
    {
        Assert.False(EmailAddress.TryParse(new string('a', 250) + "@example.com", out _));
    }
}
