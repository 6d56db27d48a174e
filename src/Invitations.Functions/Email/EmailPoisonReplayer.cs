using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Invitations.Email;

public sealed record PoisonReplayResult(int Moved, int Skipped);

/// <summary>
/// Moves email jobs from <c>{EmailQueueName}-poison</c> back to the email queue after an operator fixed the cause,
/// optionally only one account's. Each moved job is marked as a replay (so a send that was recorded as failed
/// may be tried again; the dispatcher still asks ACS first whether an earlier attempt landed) and logged.
/// Send before delete: a crash in between leaves a duplicate job, which the dispatcher turns into a no-op.
/// </summary>
public sealed partial class EmailPoisonReplayer(EmailQueues queues, ILogger<EmailPoisonReplayer> logger)
{
    // Messages looked at stay invisible while the run goes on, so the loop ends; skipped ones are released after.
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    public async Task<PoisonReplayResult> ReplayAsync(string? accountId, int maxMessages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var (main, poison) = (queues.Main, queues.Poison);
        if (!await poison.ExistsAsync(cancellationToken))
        {
            return new PoisonReplayResult(0, 0);
        }

        await queues.EnsureMainCreatedAsync(cancellationToken);
        var moved = 0;
        var skipped = new List<QueueMessage>();
        while (moved + skipped.Count < maxMessages)
        {
            var batch = (await poison.ReceiveMessagesAsync(Math.Min(32, maxMessages - moved - skipped.Count), Hold, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                if (!EmailJob.TryParse(message.Body.ToString(), out var job, out var error))
                {
                    LogUnreadable(logger, message.MessageId, error);
                    skipped.Add(message);
                    continue;
                }

                if (accountId is not null && !string.Equals(job.AccountId, accountId, StringComparison.Ordinal))
                {
                    skipped.Add(message);
                    continue;
                }

                await main.SendMessageAsync((job with { Replays = job.Replays + 1 }).ToJson(), cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
                LogMoved(logger, job.AccountId, job.InvitationId, job.LinkVersion, job.SendNumber, job.OperationId);
            }
        }

        foreach (var message in skipped)
        {
            await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }

        LogReplayed(logger, moved, skipped.Count, accountId ?? "(all)");
        return new PoisonReplayResult(moved, skipped.Count);
    }

    [LoggerMessage(EventId = 4141, Level = LogLevel.Information, Message = "Replayed email job of account {AccountId}, invitation {InvitationId} (link {LinkVersion}, send {SendNumber}, operation {OperationId}) from poison")]
    private static partial void LogMoved(ILogger logger, string accountId, Guid invitationId, int linkVersion, int sendNumber, Guid operationId);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Warning, Message = "Poison message {MessageId} is not an email job and stays: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string messageId, string error);

    [LoggerMessage(EventId = 4143, Level = LogLevel.Information, Message = "Poison replay for {Account}: {Moved} moved, {Skipped} left")]
    private static partial void LogReplayed(ILogger logger, int moved, int skipped, string account);
}
