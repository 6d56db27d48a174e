using System.Text.Json;
using Invitations.Events;
using Invitations.Tests.Invitations;
using Invitations.TestSupport.EventGrid;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Events;

/// <summary>The Event Grid client as configured by the app against the test topic, and the local file publisher.</summary>
public sealed class EventGridPublishingTests
{
    private static IReadOnlyList<Azure.Messaging.CloudEvent> SomeEvents()
    {
        var invitation = InvitationTestData.NewInvitation();
        var door = new DoorChanges();
        var created = InvitationEventMapping.Map(door.Next(invitation));
        invitation.Revoke(InvitationTestData.Admin, InvitationTestData.Start.AddHours(1));
        return [.. created.Concat(InvitationEventMapping.Map(door.Next(invitation))).Select(InvitationCloudEvents.ToCloudEvent)];
    }

    [Fact]
    public async Task The_publisher_sends_one_cloudevents_batch_with_the_topic_key()
    {
        await using var topic = await EventGridTestServer.StartAsync();
        var publisher = new EventGridEventPublisher(EventsExtensions.CreateClient(new EventsOptions { TopicEndpoint = topic.Endpoint.ToString(), TopicKey = topic.Key }));
        var events = SomeEvents();

        await publisher.PublishAsync(events, CancellationToken.None);

        var request = Assert.Single(topic.Requests);
        Assert.True(request.KeyValid);
        Assert.StartsWith(EventGridTestServer.BatchContentType, request.ContentType, StringComparison.Ordinal);
        Assert.Equal(200, request.ResponseStatus);
        Assert.Equal(events.Select(e => e.Id), topic.Events.Select(e => e.Id));
        Assert.All(topic.Events, e => Assert.Equal(1, e.Batch));
        using var first = JsonDocument.Parse(topic.Events[0].Raw);
        Assert.Equal("1.0", first.RootElement.GetProperty("specversion").GetString());
        Assert.Equal(InvitationEventTypes.Created, first.RootElement.GetProperty("type").GetString());
        Assert.Equal("application/json", first.RootElement.GetProperty("datacontenttype").GetString());
        Assert.Equal(JsonValueKind.Object, first.RootElement.GetProperty("data").ValueKind);
        Assert.False(first.RootElement.TryGetProperty("data_base64", out _));
    }

    [Fact]
    public async Task The_test_topic_refuses_a_wrong_key_and_a_single_event_body()
    {
        await using var topic = await EventGridTestServer.StartAsync();
        var wrongKey = new EventGridEventPublisher(EventsExtensions.CreateClient(new EventsOptions { TopicEndpoint = topic.Endpoint.ToString(), TopicKey = "wrong" }));

        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => wrongKey.PublishAsync(SomeEvents(), CancellationToken.None));
        Assert.Equal(401, refused.Status);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, topic.Endpoint);
        request.Headers.Add("aeg-sas-key", topic.Key);
        request.Content = new StringContent(InvitationCloudEvents.Serialize(SomeEvents()[0]), System.Text.Encoding.UTF8, "application/cloudevents+json");
        using var single = await http.SendAsync(request);
        Assert.Equal(415, (int)single.StatusCode);
        Assert.Empty(topic.Events);
    }

    [Fact]
    public async Task The_local_publisher_writes_each_event_once_as_a_json_file()
    {
        var directory = Directory.CreateTempSubdirectory("events-").FullName;
        try
        {
            var publisher = new LocalFileEventPublisher(Options.Create(new global::Invitations.Hosting.LocalData.LocalDataOptions { Directory = directory }), NullLogger<LocalFileEventPublisher>.Instance);
            var events = SomeEvents();

            await publisher.PublishAsync(events, CancellationToken.None);
            var written = File.GetLastWriteTimeUtc(publisher.PathFor(events[0].Id));
            await publisher.PublishAsync(events, CancellationToken.None); // a redelivery

            Assert.Equal(events.Select(e => e.Id + ".json").Order(), Directory.GetFiles(Path.Combine(directory, "events")).Select(Path.GetFileName).Order());
            Assert.Equal(written, File.GetLastWriteTimeUtc(publisher.PathFor(events[0].Id)));
            var parsed = InvitationCloudEvents.Deserialize(await File.ReadAllTextAsync(publisher.PathFor(events[1].Id)));
            Assert.Equal((events[1].Id, InvitationEventTypes.Revoked), (parsed.Id, parsed.Type));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "k", "Events:TopicKey is set but Events:TopicEndpoint is not.")]
    [InlineData("http://127.0.0.1:1/api/events", null, "Events:TopicEndpoint must be https when no Events:TopicKey is set (managed identity).")]
    [InlineData("not a url", "k", "Events:TopicEndpoint must be an absolute URL.")]
    public void Inconsistent_settings_stop_the_app_with_a_message_that_names_them(string? endpoint, string? key, string message)
    {
        var result = new EventsOptionsValidator().Validate(null, new EventsOptions { TopicEndpoint = endpoint, TopicKey = key });

        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void The_local_default_and_an_identity_topic_are_valid()
    {
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions()).Succeeded);
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions { TopicEndpoint = "https://t.swedencentral-1.eventgrid.azure.net/api/events" }).Succeeded);
    }
}
