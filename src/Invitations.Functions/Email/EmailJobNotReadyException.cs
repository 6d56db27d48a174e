using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

/// <summary>
/// Thrown while a job's send is not on the invitation yet (the API queues before it writes): the queue redelivers
/// it; after the grace period or on the last delivery it is dropped as an orphan instead.
/// </summary>
public sealed class EmailJobNotReadyException(string message) : Exception(message);
