using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

/// <summary>Thrown for a transient failure: the queue redelivers the message, and after the last attempt it goes to poison.</summary>
public sealed class EmailSendTransientException(string message) : Exception(message);
