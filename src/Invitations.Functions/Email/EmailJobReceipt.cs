namespace Invitations.Email;

/// <summary>What the queue answered for a job it took: enough to delete the message while nobody has received it.</summary>
public sealed record EmailJobReceipt(string MessageId, string PopReceipt);
