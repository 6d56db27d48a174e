using System.Diagnostics.CodeAnalysis;

namespace Invitations.Invitations;

/// <summary>
/// A request the application refuses, with a stable <see cref="Code"/> (<see cref="InvitationErrorCodes"/>,
/// <see cref="ErrorCodes"/>). Services throw it; the HTTP edge maps each code to a status and a problem type in one table.
/// </summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "Every domain error has a code; a constructor without one would have to invent it.")]
public class DomainException : Exception
{
    public DomainException(string code, string message, TimeSpan? retryAfter = null, DateTimeOffset? retryAt = null)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        RetryAfter = retryAfter;
        RetryAt = retryAt;
    }

    public DomainException(string code, string message, Exception innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    public string Code { get; }

    /// <summary>Set for limits: how long until the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Set for limits: when the caller may try again.</summary>
    public DateTimeOffset? RetryAt { get; }

    /// <summary>Facts the caller may act on (for example the id of the invitation that already holds an address).</summary>
    public IDictionary<string, object?> Details { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
}
