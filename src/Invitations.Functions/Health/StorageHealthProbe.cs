using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Invitations.Health;

/// <summary>Asks each storage service one cheap, read-only question with a short timeout.</summary>
public sealed class StorageHealthProbe(TableServiceClient tables, QueueServiceClient queues)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static string AppVersion { get; } =
        typeof(StorageHealthProbe).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var table = ProbeAsync(async ct =>
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }, cancellationToken);
        var queue = ProbeAsync(async ct =>
        {
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }, cancellationToken);

        return new HealthReport(AppVersion, await table, await queue);
    }

    private static async Task<DependencyHealth> ProbeAsync(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return new DependencyHealth(true);
        }
        catch (RequestFailedException ex)
        {
            // Status and error code only: messages can echo request details we don't want in a public body.
            return new DependencyHealth(false, $"storage answered {ex.Status} {ex.ErrorCode}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DependencyHealth(false, $"no answer within {ProbeTimeout.TotalSeconds:0} s");
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            return new DependencyHealth(false, "unreachable: " + ex.InnerException.GetType().Name);
        }
        catch (HttpRequestException ex)
        {
            return new DependencyHealth(false, "unreachable: " + (ex.HttpRequestError == HttpRequestError.Unknown ? ex.GetType().Name : ex.HttpRequestError.ToString()));
        }
    }
}
