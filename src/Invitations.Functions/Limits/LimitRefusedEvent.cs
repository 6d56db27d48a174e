namespace Invitations.Limits;

/// <summary>
/// The <c>LimitRefused</c> operations event. Names are a contract with the limit alert in
/// infra/modules/alerts.bicep (see infra/README.md).
/// </summary>
public static class LimitRefusedEvent
{
    public const string Name = "LimitRefused";
    public const string RefusalsMetric = "Limits.Refusals";

    public static IReadOnlyDictionary<string, double> Metrics { get; } =
        new Dictionary<string, double>(StringComparer.Ordinal) { [RefusalsMetric] = 1 };

    /// <param name="limit">The problem code: <c>invitation-email-limit-reached</c> or <c>account-email-limit-reached</c>.</param>
    public static IReadOnlyDictionary<string, string> Properties(string accountId, string limit) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["accountId"] = accountId, ["limit"] = limit };
}
