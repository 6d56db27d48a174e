using Microsoft.Extensions.Logging;

namespace Invitations.Email;

public sealed record PoisonReplayResult(int Moved, int Skipped);
