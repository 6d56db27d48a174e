namespace Invitations.Email.DeliveryReports;

/// <summary>What a delivery of reports did (see <see cref="DeliveryReportResult"/>); <see cref="Kind"/> discriminates it from <see cref="ValidationResponse"/>.</summary>
public sealed record DeliveryReportsResponse(int Recorded, int Applied, int RecordedInHistory, int Unchanged, int UnknownMessageIds, int Ignored)
{
    public string Kind { get; } = "reports";

    public static DeliveryReportsResponse From(DeliveryReportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Recorded, result.Applied, result.RecordedInHistory, result.Unchanged, result.UnknownMessageIds, result.Ignored);
    }
}
