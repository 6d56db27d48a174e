using Microsoft.Extensions.Logging;

namespace Invitations.Email;

/// <summary>
/// The email feature's telemetry contract (infra/README.md): one <c>EmailSendCompleted</c> line per delivery of an
/// email job. Outcomes: <c>Sent</c>, <c>AlreadyDone</c>, <c>Dropped</c>, <c>Rescheduled</c> (429), <c>Failed</c>,
/// <c>Retrying</c> (transient, the queue redelivers), <c>NotYetWritten</c> (the invitation write has not landed yet),
/// <c>ClaimHeld</c> (another delivery holds the send; no POST, the queue redelivers): the names of <see cref="EmailDispatchResult"/>.
/// Ids only: never an address, a link or a token.
/// </summary>
public static partial class EmailTelemetry
{
    public const string SendCompletedEvent = "EmailSendCompleted";

    [LoggerMessage(EventId = 4120, EventName = SendCompletedEvent, Level = LogLevel.Information,
        Message = "EmailSendCompleted: account {accountId} invitation {invitationId} link {linkVersion} send {sendNumber}: {outcome} after {attempts} attempt(s) {reason}")]
    public static partial void SendCompleted(ILogger logger, string accountId, Guid invitationId, int linkVersion, int sendNumber, string outcome, int attempts, string reason);
}
