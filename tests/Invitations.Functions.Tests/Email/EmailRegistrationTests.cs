using Invitations.Email;
using Invitations.Email.Acs;
using Invitations.Email.Local;
using Invitations.Email.Rendering;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Email;

public sealed class EmailRegistrationTests
{
    private const string AccessKey = "dGVzdC1hY3MtYWNjZXNzLWtleS0zMi1ieXRlcy1sb25n";

    [Fact]
    public void Without_an_endpoint_the_local_eml_sender_is_used()
    {
        using var services = Build([]);

        Assert.IsType<LocalEmlEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.NotNull(services.GetRequiredService<InvitationEmailRenderer>());
        var sender = Assert.IsType<LocalEmlEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.Equal(RepositoryPaths.Combine(".data", "mail"), sender.OutputDirectory);
    }

    [Fact]
    public void A_connection_string_selects_the_ACS_client()
    {
        using var services = Build(new() { ["Email:ConnectionString"] = $"endpoint=https://contoso.communication.azure.com/;accesskey={AccessKey}" });

        Assert.IsType<AcsEmailClient>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void An_endpoint_selects_the_ACS_client_with_a_managed_identity()
    {
        using var services = Build(new() { ["Email:Endpoint"] = "https://contoso.communication.azure.com", ["Email:ClientId"] = Guid.NewGuid().ToString() });

        Assert.IsType<AcsEmailClient>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Empty_settings_from_local_settings_are_valid()
    {
        using var services = Build(new() { ["Email:Endpoint"] = "", ["Email:ConnectionString"] = "", ["Email:ReplyTo"] = "" });

        Assert.IsType<LocalEmlEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Theory]
    [InlineData("Email:ConnectionString", "endpoint=https://contoso.communication.azure.com/;accesskey=not*base64*secret")]
    [InlineData("Email:Endpoint", "http://contoso.communication.azure.com")]
    [InlineData("Email:SenderAddress", "not an address")]
    [InlineData("Email:ReplyTo", "nope")]
    [InlineData("Email:MaxRetries", "99")]
    public void Invalid_settings_fail_validation_without_echoing_secrets(string key, string value)
    {
        using var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEmail();
        return builder.Services.BuildServiceProvider();
    }
}
