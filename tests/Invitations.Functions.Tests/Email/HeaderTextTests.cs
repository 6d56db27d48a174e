using Invitations.Email;

namespace Invitations.Tests.Email;

public sealed class HeaderTextTests
{
    [Theory]
    [InlineData("Ana\r\nBcc: eve@example.com", "Ana Bcc: eve@example.com")]
    [InlineData("  Ana \t  Admin ", "Ana Admin")]
    [InlineData("Ana\u202Efdp.exe", "Anafdp.exe")] // a right-to-left override would reverse the rest of the subject
    [InlineData("\u2067Ana\u2069 \u200BAdmin\uFEFF", "Ana Admin")]
    [InlineData("J\u00F6rg \U0001F44B", "J\u00F6rg \U0001F44B")]
    public void A_header_value_is_one_line_without_control_or_invisible_format_characters(string value, string expected)
    {
        Assert.Equal(expected, HeaderText.SingleLine(value));
    }
}
