using System.Diagnostics.CodeAnalysis;

namespace Invitations.Invitations;

/// <summary>The input is not valid: <see cref="Errors"/> holds every field's messages (<c>validation-failed</c>).</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "A validation error always names its fields.")]
public sealed class ValidationFailedException : DomainException
{
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
        : base(InvitationErrorCodes.ValidationFailed, "The request is not valid.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>A list's continuation token that no list handed out (forged, truncated, or another account's).</summary>
    public static ValidationFailedException InvalidContinuationToken() =>
        new("continuationToken", "Not a continuation token this API issued.");
}
