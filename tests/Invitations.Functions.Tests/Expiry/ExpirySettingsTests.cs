using Invitations.Expiry;
using Invitations.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Expiry;

/// <summary>The app refuses to start on a bad schedule, lifetime or budget, and says which setting is wrong.</summary>
public sealed class ExpirySettingsTests
{
    private static IHost BuildHost(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["InvitationsStorage"] = "UseDevelopmentStorage=true",
            ["ExpirySweepSchedule"] = "0 */5 * * * *",
            ["Invitations:Lifetime"] = "7.00:00:00",
            ["Invitations:PortalBaseUrl"] = "http://localhost:3000",
            ["Invitations:Roles"] = "member,admin",
            ["LinkSigning:ActiveKeyId"] = "local-1",
            ["LinkSigning:Keys:local-1"] = Convert.ToBase64String(new byte[32]),
            ["Expiry:MaxItemsPerRun"] = "5000",
            ["Expiry:MaxRunDuration"] = "00:02:00",
            ["Expiry:RunRetentionDays"] = "30",
            ["Auth:Mode"] = "Development",
            ["Auth:Issuer"] = "https://invitations.local/dev",
            ["Auth:Audience"] = "api://invitations-local",
            ["Auth:DevelopmentSigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddInvitationsApp();
        return builder.Build();
    }

    private static async Task<string> StartFailureAsync(params (string Key, string? Value)[] overrides)
    {
        using var host = BuildHost(overrides);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        // Several invalid sections come as an AggregateException of OptionsValidationExceptions.
        var failures = error is AggregateException all ? all.Flatten().InnerExceptions : [error];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        return string.Join(Environment.NewLine, failures.Select(f => f.Message));
    }

    [Fact]
    public async Task Starts_with_the_sample_settings()
    {
        using var host = BuildHost();

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<ExpiryOptions>>().Value;
        await host.StopAsync();

        Assert.Equal("0 */5 * * * *", options.Schedule);
        Assert.Equal(5000, options.MaxItemsPerRun);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxRunDuration);
        Assert.Equal(30, options.RunRetentionDays);
    }

    [Fact]
    public void The_app_registers_the_real_expiry_index_and_the_sweep()
    {
        using var host = BuildHost();

        Assert.NotNull(host.Services.GetRequiredService<ExpiryIndex>());
        Assert.NotNull(host.Services.GetRequiredService<ExpirySweeper>());
        // The write path records the index row of every new window.
        Assert.Contains(host.Services.GetServices<global::Invitations.Storage.IInvitationWriteParticipant>(), p => p is ExpiryIndexParticipant);
    }

    [Theory]
    [InlineData("*/5 * * * *", "has 5 fields")]
    [InlineData("0 */5 * * * * *", "has 7 fields")]
    [InlineData("0 */5 * * * banana", "is not valid")]
    [InlineData("00:05:00", "has 1 fields")]
    public async Task A_bad_schedule_stops_the_app_with_a_clear_message(string schedule, string expected)
    {
        var message = await StartFailureAsync(("ExpirySweepSchedule", schedule));

        Assert.Contains("ExpirySweepSchedule", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("6-field NCRONTAB", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_schedule_stops_the_app()
    {
        var message = await StartFailureAsync(("ExpirySweepSchedule", null));

        Assert.Contains("ExpirySweepSchedule is missing", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    [InlineData("91.00:00:00")]
    public async Task A_bad_lifetime_stops_the_app_with_a_clear_message(string lifetime)
    {
        var message = await StartFailureAsync(("Invitations:Lifetime", lifetime));

        Assert.Contains("Invitations__Lifetime must be between", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Expiry:MaxRunDuration", "00:10:00", "Expiry__MaxRunDuration")]
    [InlineData("Expiry:MaxItemsPerRun", "0", "MaxItemsPerRun")]
    [InlineData("Expiry:RunRetentionDays", "0", "RunRetentionDays")]
    public async Task A_bad_budget_or_retention_stops_the_app(string key, string value, string expected)
    {
        var message = await StartFailureAsync((key, value));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
