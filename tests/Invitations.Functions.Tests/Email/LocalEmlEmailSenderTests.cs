using System.Text;
using Invitations.Email;
using Invitations.Email.Local;
using Invitations.Email.Rendering;
using Invitations.Hosting.LocalData;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Invitations.Tests.Email;

/// <summary>The local .eml sender; MimeKit (an independent RFC 5322/MIME parser) reads what it writes.</summary>
public sealed class LocalEmlEmailSenderTests : IDisposable
{
    private static readonly Uri Link = new("https://portal.example.com/invitations/accept?token=eyJhbGciOi.payload-with-a-long-token-value-that-will-need-a-soft-line-break-somewhere.sig&v=2");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "invitations-mail-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero));
    private readonly FakeLogger<LocalEmlEmailSender> _logger = new();
    private readonly EmailOptions _options;
    private readonly LocalEmlEmailSender _sender;

    public LocalEmlEmailSenderTests()
    {
        _options = new EmailOptions { SenderAddress = "DoNotReply@localhost", ProductName = "Invitations" };
        _sender = new LocalEmlEmailSender(Options.Create(_options), Options.Create(new LocalDataOptions { Directory = _directory }), _clock, _logger);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_a_MIME_email_with_a_text_and_an_html_part_both_holding_the_link()
    {
        var message = Render(new() { InviteeDisplayName = "Zoë Ångström", InviterName = "Grace Hopper", AccountName = "Café Olé" });
        var operationId = Guid.NewGuid();

        var outcome = await _sender.SendAsync(message, operationId, CancellationToken.None);

        Assert.IsType<EmailAccepted>(outcome);
        var path = _sender.PathFor(operationId);
        var mime = await MimeMessage.LoadAsync(path);

        Assert.Equal("DoNotReply@localhost", mime.From.Mailboxes.Single().Address);
        Assert.Equal("Invitations", mime.From.Mailboxes.Single().Name);
        var to = mime.To.Mailboxes.Single();
        Assert.Equal("ada@example.com", to.Address);
        Assert.Equal("Zoë Ångström", to.Name);
        Assert.Equal(message.Subject, mime.Subject);
        Assert.Contains("Café Olé", mime.Subject, StringComparison.Ordinal);
        Assert.Equal($"{operationId:D}@invitations.local", mime.MessageId);
        Assert.Equal(_clock.GetUtcNow(), mime.Date);

        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(2, alternative.Count);
        Assert.Equal(message.PlainText, Lf(mime.TextBody));
        Assert.Equal(message.Html, Lf(mime.HtmlBody));
        Assert.All(alternative, part => Assert.Equal("utf-8", part.ContentType.Charset));
        Assert.Contains(Link.AbsoluteUri, mime.TextBody, StringComparison.Ordinal);
        Assert.Contains(Link.AbsoluteUri.Replace("&", "&amp;", StringComparison.Ordinal), mime.HtmlBody, StringComparison.Ordinal);

        // Standard line lengths: nothing over 78 characters plus CRLF.
        Assert.All(File.ReadAllText(path).Split("\r\n"), line => Assert.True(line.Length <= 78, $"line of {line.Length}: {line}"));
    }

    [Theory]
    [InlineData("An ASCII account name that is long enough to need folding across several header lines, twice over")]
    [InlineData("Ünïcödé everywhere 😀 in a long account name that needs several encoded words to fit in the lines")]
    public async Task Long_headers_are_folded_and_read_back_unchanged(string accountName)
    {
        var message = Render(new() { AccountName = accountName, InviteeDisplayName = accountName });
        var operationId = Guid.NewGuid();

        await _sender.SendAsync(message, operationId, CancellationToken.None);

        var path = _sender.PathFor(operationId);
        var mime = await MimeMessage.LoadAsync(path);
        Assert.Equal(message.Subject, mime.Subject);
        Assert.Equal(accountName, mime.To.Mailboxes.Single().Name);
        Assert.Equal("ada@example.com", mime.To.Mailboxes.Single().Address);
        Assert.All(File.ReadAllText(path).Split("\r\n"), line => Assert.True(line.Length <= 78, $"line of {line.Length}: {line}"));
    }

    [Fact]
    public async Task Cr_lf_in_names_adds_no_header()
    {
        var message = Render(new() { InviteeDisplayName = "Ada\r\nBcc: victim@example.com", InviterName = "Grace\r\nX-Injected: yes" });
        var operationId = Guid.NewGuid();

        await _sender.SendAsync(message, operationId, CancellationToken.None);

        var mime = await MimeMessage.LoadAsync(_sender.PathFor(operationId));
        Assert.Empty(mime.Bcc);
        Assert.Null(mime.Headers["X-Injected"]);
        Assert.Single(mime.To.Mailboxes);
        Assert.Equal("Ada Bcc: victim@example.com", mime.To.Mailboxes.Single().Name);
        Assert.Equal(["Date", "From", "To", "Reply-To", "Subject", "Message-ID", "MIME-Version"], mime.Headers.Select(h => h.Field).ToArray());
        Assert.Equal("multipart/alternative", mime.Body?.ContentType.MimeType);
    }

    [Fact]
    public async Task The_same_operation_id_writes_one_file()
    {
        var operationId = Guid.NewGuid();
        var message = Render(new());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _sender.SendAsync(message, operationId, CancellationToken.None)));
        await _sender.SendAsync(message, operationId, CancellationToken.None);

        Assert.Single(Directory.GetFiles(_sender.OutputDirectory));
        Assert.Equal(EmailOperationState.Succeeded, (await _sender.GetOperationStatusAsync(operationId, CancellationToken.None)).State);
        Assert.Equal(EmailOperationState.NotFound, (await _sender.GetOperationStatusAsync(Guid.NewGuid(), CancellationToken.None)).State);
    }

    [Fact]
    public async Task Logs_the_path_but_never_the_link_or_token()
    {
        var operationId = Guid.NewGuid();

        await _sender.SendAsync(Render(new()), operationId, CancellationToken.None);

        var record = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Information);
        Assert.Contains(_sender.PathFor(operationId), record.Message, StringComparison.Ordinal);
        Assert.All(_logger.Collector.GetSnapshot(), r => Assert.DoesNotContain("token=", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Emails_go_to_the_mail_folder_of_the_local_data_folder()
    {
        var operationId = Guid.NewGuid();

        await _sender.SendAsync(Render(new()), operationId, CancellationToken.None);

        Assert.Equal(Path.Combine(_directory, "mail"), _sender.OutputDirectory);
        Assert.True(File.Exists(Path.Combine(_directory, "mail", $"{operationId:D}.eml")));
    }

    [Theory]
    [InlineData("plain ascii line")]
    [InlineData("trailing space ")]
    [InlineData("equals = sign and tab\tinside")]
    [InlineData("Zoë, Ångström, 😀 and a very long line that goes well beyond the seventy-six character limit of quoted-printable lines")]
    [InlineData("line one\nline two\r\nline three\n")]
    public void Quoted_printable_decodes_back_to_the_text(string text)
    {
        var encoded = EmlWriter.QuotedPrintable(text);

        Assert.All(encoded.Split("\r\n"), line => Assert.True(line.Length <= 76, line));
        var decoder = new MimeKit.Encodings.QuotedPrintableDecoder();
        var input = Encoding.ASCII.GetBytes(encoded);
        var output = new byte[decoder.EstimateOutputLength(input.Length)];
        var length = decoder.Decode(input, 0, input.Length, output);
        Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal), Encoding.UTF8.GetString(output, 0, length));
    }

    private static string Lf(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static EmailMessage Render(Person person)
    {
        var renderer = new InvitationEmailRenderer(new EmailTemplateStore(), Options.Create(new EmailOptions { ReplyTo = "help@example.com" }));
        return renderer.Compose(new InvitationEmailModel
        {
            InviteeAddress = "ada@example.com",
            InviteeDisplayName = person.InviteeDisplayName,
            AccountName = person.AccountName,
            InviterName = person.InviterName,
            PersonalMessage = "See you soon.\nBring coffee.",
            Link = Link,
            ExpiresAt = new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero),
        });
    }

    private sealed record Person
    {
        public string? InviteeDisplayName { get; init; } = "Ada Lovelace";

        public string InviterName { get; init; } = "Grace Hopper";

        public string AccountName { get; init; } = "Acme";
    }
}
