using System.Diagnostics;
using System.Diagnostics.Metrics;
using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Microsoft.Extensions.Logging;

namespace Invitations.Limits;

/// <summary>
/// Makes abuse visible: every refusal by a sending limit is a <c>LimitRefused</c> log line, an operations event
/// (Application Insights <c>customEvents</c> plus the <c>Limits.Refusals</c> custom metric in Azure) and a count on the
/// <c>Invitations.Limits</c> meter, each with the account and the limit. Never the address: the account is who
/// pressed, and that is what an operator acts on.
/// </summary>
public sealed partial class LimitRefusals
{
    public const string MeterName = "Invitations.Limits";

    private readonly IOperationsTelemetry _operations;
    private readonly ILogger<LimitRefusals> _logger;
    private readonly Counter<long> _refusals;

    public LimitRefusals(IOperationsTelemetry operations, IMeterFactory meterFactory, ILogger<LimitRefusals> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _operations = operations;
        _logger = logger;
        _refusals = meterFactory.Create(MeterName).CreateCounter<long>("limits.refusals", "{refusal}", "Actions refused by a sending limit, by account and limit.");
    }

    /// <summary>The problem codes of the sending limits.</summary>
    public static bool IsLimit(string code) =>
        code is InvitationErrorCodes.InvitationEmailLimitReached or InvitationErrorCodes.AccountEmailLimitReached;

    public void Record(string accountId, string limit)
    {
        LimitRefused(_logger, accountId, limit);
        _refusals.Add(1, new TagList { { "account", accountId }, { "limit", limit } });
        _operations.TrackEvent(LimitRefusedEvent.Name, LimitRefusedEvent.Properties(accountId, limit), LimitRefusedEvent.Metrics);
    }

    [LoggerMessage(EventId = 4310, EventName = LimitRefusedEvent.Name, Level = LogLevel.Warning,
        Message = "LimitRefused: account {accountId} refused by {limit}")]
    private static partial void LimitRefused(ILogger logger, string accountId, string limit);
}
