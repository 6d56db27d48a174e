using Microsoft.Azure.Functions.Worker;

namespace Invitations.Email;

/// <param name="Moved">Jobs put back on the email queue.</param>
/// <param name="Left">Jobs left in poison (another account's, or unreadable).</param>
public sealed record ReplayEmailPoisonResponse(int Moved, int Left);
