namespace Invitations.Storage;

/// <summary>
/// Another writer kept changing the invitation between our read and our write (HTTP 412 / 409 from storage), more
/// often than the write path retries. Answered as <c>conflict</c>.
/// </summary>
public sealed class ConcurrencyConflictException(string message, Exception? innerException = null) : Exception(message, innerException);
