namespace Invitations.Admin;

/// <summary>What happened to the latest email: lets an admin see "failed: recipient suppressed" and copy the link instead.</summary>
public sealed record EmailDeliveryView(
    string Status, DateTime At, int LinkVersion, int SendNumber, int Attempts, string? OperationId, string? Reason);
