using Invitations.LocalHost.Metadata;
using Microsoft.Extensions.Configuration;

namespace Invitations.LocalHost.Tests.Metadata;

/// <summary><c>AzureWebJobs.&lt;Function&gt;.Disabled</c> parsed as the WebJobs SDK parses it: only "true" and "1" disable.</summary>
public sealed class FunctionDisabledSettingTests
{
    private static string? Find(string name, string? value) =>
        FunctionDisabledSetting.Find(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(name, value)]).Build(), "Tick");

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public void True_or_1_disables(string value) => Assert.Equal("AzureWebJobs.Tick.Disabled", Find("AzureWebJobs.Tick.Disabled", value));

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("yes")]
    [InlineData(" true")]
    [InlineData("")]
    [InlineData(null)]
    public void Any_other_value_leaves_the_function_enabled(string? value) => Assert.Null(Find("AzureWebJobs.Tick.Disabled", value));

    [Fact]
    public void The_underscore_form_for_Linux_environment_variables_also_disables() =>
        Assert.Equal("AzureWebJobs_Tick_Disabled", Find("AzureWebJobs_Tick_Disabled", "1"));

    [Fact]
    public void The_setting_names_the_function_exactly() => Assert.Null(Find("AzureWebJobs.Ticker.Disabled", "true"));
}
