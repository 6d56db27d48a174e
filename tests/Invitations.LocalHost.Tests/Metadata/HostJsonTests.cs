using Invitations.LocalHost.Metadata;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.Metadata;

public sealed class HostJsonTests
{
    [Fact]
    public void Uses_the_host_defaults_when_host_json_says_nothing()
    {
        var host = HostJson.Parse("""{ "version": "2.0" }""");

        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(16, host.Queues.BatchSize);
        Assert.Equal(8, host.Queues.NewBatchThreshold);
        Assert.Equal(5, host.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.Zero, host.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), host.Queues.MaxPollingInterval);
        Assert.Equal(QueueMessageEncoding.Base64, host.Queues.MessageEncoding);
        Assert.Null(host.FunctionTimeout);
    }

    [Fact]
    public void Reads_the_repository_host_json()
    {
        var host = HostJson.ReadFile(RepositoryPaths.Combine("host.json"));

        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(16, host.Queues.BatchSize);
        Assert.Equal(16, host.Queues.NewBatchThreshold);
        Assert.Equal(5, host.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(10), host.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), host.Queues.MaxPollingInterval);
        Assert.Equal(QueueMessageEncoding.Base64, host.Queues.MessageEncoding);
        Assert.Equal(TimeSpan.FromMinutes(5), host.FunctionTimeout);
    }

    [Fact]
    public void Reads_queue_settings_case_insensitively_and_numbers_as_milliseconds()
    {
        var host = HostJson.Parse("""
            { "version": "2.0", "Extensions": { "HTTP": { "routePrefix": "/v1/" },
              "queues": { "BatchSize": 4, "maxPollingInterval": 1500, "visibilityTimeout": "00:00:30", "messageEncoding": "None" } } }
            """);

        Assert.Equal("v1", host.RoutePrefix);
        Assert.Equal(4, host.Queues.BatchSize);
        Assert.Equal(2, host.Queues.NewBatchThreshold); // half the batch by default
        Assert.Equal(TimeSpan.FromMilliseconds(1500), host.Queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), host.Queues.VisibilityTimeout);
        Assert.Equal(QueueMessageEncoding.None, host.Queues.MessageEncoding);
    }

    [Fact]
    public void An_empty_route_prefix_serves_functions_at_the_root()
    {
        Assert.Equal("", HostJson.Parse("""{ "extensions": { "http": { "routePrefix": "" } } }""").RoutePrefix);
    }

    [Theory]
    [InlineData("""{ "extensions": { "queues": { "batchSize": 64 } } }""", "batchSize")]
    [InlineData("""{ "extensions": { "queues": { "messageEncoding": "utf16" } } }""", "messageEncoding")]
    [InlineData("""{ "extensions": { "queues": { "visibilityTimeout": "soon" } } }""", "visibilityTimeout")]
    [InlineData("""{ "extensions": { "queues": { "maxDequeueCount": 0 } } }""", "maxDequeueCount")]
    [InlineData("""[ ]""", "object")]
    public void Rejects_values_the_host_would_reject(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => HostJson.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
