namespace Invitations.Email.Storage;

/// <summary>Which send an ACS message id belongs to (delivery reports carry no account id).</summary>
public sealed record EmailMessageRef(string AccountId, Guid InvitationId, int LinkVersion, int SendNumber, string OperationId);
