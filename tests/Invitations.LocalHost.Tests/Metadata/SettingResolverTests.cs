using Invitations.LocalHost.Metadata;
using Microsoft.Extensions.Configuration;

namespace Invitations.LocalHost.Tests.Metadata;

public sealed class SettingResolverTests
{
    private static SettingResolver Resolver(params (string Key, string? Value)[] settings) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Replaces_a_setting_reference_with_its_value()
    {
        var resolver = Resolver(("EmailQueueName", "invitation-emails"));

        Assert.Equal("invitation-emails", resolver.Resolve("%EmailQueueName%", "test"));
    }

    [Fact]
    public void Replaces_every_reference_inside_a_longer_value()
    {
        var resolver = Resolver(("Env", "dev"), ("Name", "emails"));

        Assert.Equal("dev-emails-queue", resolver.Resolve("%Env%-%Name%-queue", "test"));
    }

    [Fact]
    public void Reads_double_underscore_names_from_configuration_sections()
    {
        var resolver = Resolver(("Expiry:Schedule", "0 */5 * * * *"));

        Assert.Equal("0 */5 * * * *", resolver.Resolve("%Expiry__Schedule%", "test"));
    }

    [Fact]
    public void Leaves_values_without_references_alone()
    {
        Assert.Equal("0 */5 * * * *", Resolver().Resolve("0 */5 * * * *", "test"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_or_empty_setting_is_an_error_naming_the_setting_and_its_user(string? value)
    {
        var resolver = Resolver(("EmailQueueName", value));

        var ex = Assert.Throws<InvalidOperationException>(() => resolver.Resolve("%EmailQueueName%", "Function 'SendEmail'"));
        Assert.Contains("EmailQueueName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Function 'SendEmail'", ex.Message, StringComparison.Ordinal);
    }
}
