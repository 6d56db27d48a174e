using Azure.Data.Tables;
using Azure.Storage.Queues;
using Invitations.Health;
using Invitations.TestSupport;

namespace Invitations.Tests.Health;

[Collection(AzuriteTests.Name)]
public sealed class StorageHealthProbeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Reports_healthy_when_table_and_queue_storage_answer()
    {
        var probe = new StorageHealthProbe(new TableServiceClient(azurite.ConnectionString), new QueueServiceClient(azurite.ConnectionString));

        var report = await probe.CheckAsync(CancellationToken.None);

        Assert.True(report.TableStorage.Healthy, report.TableStorage.Reason);
        Assert.True(report.QueueStorage.Healthy, report.QueueStorage.Reason);
        Assert.True(report.Healthy);
    }

    [Fact]
    public async Task Reports_unreachable_storage_with_a_reason_and_no_secret()
    {
        // A port nobody listens on: same shape of connection string, nothing behind it.
        var port = FreePorts.Next();
        var dead = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};" +
                   $"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        var probe = new StorageHealthProbe(
            new TableServiceClient(dead, new TableClientOptions { Retry = { MaxRetries = 0 } }),
            new QueueServiceClient(dead, new QueueClientOptions { Retry = { MaxRetries = 0 } }));

        var report = await probe.CheckAsync(CancellationToken.None);

        Assert.False(report.Healthy);
        Assert.False(report.TableStorage.Healthy);
        Assert.False(report.QueueStorage.Healthy);
        Assert.False(string.IsNullOrWhiteSpace(report.TableStorage.Reason));
        Assert.DoesNotContain(AzuriteFixture.AccountKey, report.TableStorage.Reason!, StringComparison.Ordinal);
    }
}
