using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Invitations.Storage;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Tests.Storage;

/// <summary>The seam the request benchmark counts through: a registered policy sees every request of the app's storage clients.</summary>
[Collection(AzuriteTests.Name)]
public sealed class StoragePipelinePolicyTests(AzuriteFixture azurite)
{
    private sealed class RecordingPolicy : HttpPipelineSynchronousPolicy
    {
        public List<string> Requests { get; } = [];

        public override void OnSendingRequest(HttpMessage message)
        {
            lock (Requests)
            {
                Requests.Add(message.Request.Method + " " + message.Request.Uri.Port);
            }
        }
    }

    private ServiceProvider Services(RecordingPolicy? policy)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [StorageConnection.Name] = azurite.ConnectionString });
        builder.AddStorage();
        if (policy is not null)
        {
            builder.Services.AddStoragePipelinePolicy(policy);
        }

        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_registered_policy_sees_every_table_and_queue_request_of_the_app_clients()
    {
        var policy = new RecordingPolicy();
        await using var services = Services(policy);
        var name = "policy" + Guid.NewGuid().ToString("N")[..8];

        await services.GetRequiredService<TableServiceClient>().GetTableClient(name).CreateIfNotExistsAsync();
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient(name);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("hello");

        Assert.Equal(
            [$"POST {azurite.TablePort}", $"PUT {azurite.QueuePort}", $"POST {azurite.QueuePort}"],
            policy.Requests);
        // The queue client keeps the app's Base64 encoding (what the queue trigger expects) with the policy added.
        var raw = new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        Assert.Equal("aGVsbG8=", (await raw.PeekMessageAsync()).Value.Body.ToString());
    }

    [Fact]
    public async Task Without_a_registration_the_clients_are_built_as_before()
    {
        await using var services = Services(policy: null);

        Assert.Empty(services.GetServices<StoragePipelinePolicy>());
        Assert.NotNull(await services.GetRequiredService<TableServiceClient>().GetPropertiesAsync());
    }
}
