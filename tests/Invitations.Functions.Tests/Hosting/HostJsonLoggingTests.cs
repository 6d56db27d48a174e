using System.Text.Json;
using Invitations.TestSupport;
using Microsoft.Extensions.Logging;

namespace Invitations.Tests.Hosting;

/// <summary>
/// host.json's log levels, resolved the way the Functions host resolves them (the longest matching category prefix,
/// else <c>default</c>). Under the real host, with <c>default: Information</c> and nothing for Azure.Core, the storage
/// extension logged every storage request: 613 traces in 5 idle minutes, each one billed in Application Insights.
/// </summary>
public sealed class HostJsonLoggingTests
{
    private static readonly Dictionary<string, LogLevel> Levels = ReadLevels();

    /// <summary>Azure SDK event sources the host forwards as log categories (event source name with '-' → '.').</summary>
    public static TheoryData<string> SdkCategories => new()
    {
        "Azure.Core", // one Information entry per HTTP request of every Azure SDK client: the flood that was seen
        "Azure.Identity", // token requests of the managed identity
        "Azure.Storage.Blobs", // the host's lock and timer-schedule blobs
        "Azure.Storage.Queues", // the queue trigger's polling
        "Azure.Messaging.EventGrid",
        "Azure.Messaging.EventHubs",
    };

    [Theory]
    [MemberData(nameof(SdkCategories))]
    public void Azure_sdk_categories_log_warnings_and_worse_only(string category) =>
        Assert.True(EffectiveLevel(category) >= LogLevel.Warning, $"{category} logs at {EffectiveLevel(category)} (host.json); it must be Warning or above.");

    [Theory]
    [InlineData("Host.Triggers.Queue")] // "Message has reached MaxDequeueCount… Moving message to queue '…-poison'" (a Warning): the poison alert reads it
    [InlineData("Host.Results")] // the requests table: the HTTP 5xx alert and the workbook
    [InlineData("Function.SendInvitationEmail")] // function invocations and our own warnings
    public void Categories_the_alerts_read_stay_visible(string category) =>
        Assert.True(EffectiveLevel(category) <= LogLevel.Warning, $"{category} logs at {EffectiveLevel(category)}; the alerts need its warnings.");

    [Fact]
    public void Resolution_takes_the_longest_prefix_like_the_host()
    {
        Assert.Equal(LogLevel.Warning, EffectiveLevel("Azure.Core"));
        Assert.Equal(LogLevel.Information, EffectiveLevel("Microsoft.Azure.WebJobs.Hosting.OptionsLoggingService"));
        Assert.Equal(LogLevel.Information, EffectiveLevel("Azure")); // no rule for the bare prefix: default
    }

    private static LogLevel EffectiveLevel(string category)
    {
        var match = Levels.Keys
            .Where(prefix => prefix != "default" && category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .MaxBy(prefix => prefix.Length);
        return Levels[match ?? "default"];
    }

    private static Dictionary<string, LogLevel> ReadLevels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("host.json")));
        return document.RootElement.GetProperty("logging").GetProperty("logLevel").EnumerateObject()
            .ToDictionary(p => p.Name, p => Enum.Parse<LogLevel>(p.Value.GetString()!), StringComparer.OrdinalIgnoreCase);
    }
}
