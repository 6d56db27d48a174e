using Invitations.TestSupport;
using Invitations.TestSupport.Acs;

namespace Invitations.Bench.Requests;

/// <summary>
/// What every scenario shares: one Azurite started by the bench on free loopback ports (in memory), the ACS test
/// server as the email endpoint, and the options. Each scenario starts its own apps on its own data set.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private int _dataSets;

    private BenchEnvironment(AzuriteFixture azurite, AcsTestServer acs, BenchOptions options)
    {
        Azurite = azurite;
        Acs = acs;
        Options = options;
    }

    public AzuriteFixture Azurite { get; }

    public AcsTestServer Acs { get; }

    public BenchOptions Options { get; }

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        return new BenchEnvironment(azurite, await AcsTestServer.StartAsync(), options);
    }

    /// <summary>A fresh table prefix and queue name, so scenarios never see each other's rows or messages.</summary>
    public BenchDataSet NewDataSet(string name)
    {
        var n = Interlocked.Increment(ref _dataSets);
        return new BenchDataSet($"b{n}{name}", $"b{n}-{name}-emails");
    }

    public async ValueTask DisposeAsync()
    {
        await Acs.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

/// <summary>The storage names one or more apps share: tables under <paramref name="TablePrefix"/>, the email queue.</summary>
internal sealed record BenchDataSet(string TablePrefix, string QueueName);
