namespace Invitations.Storage;

/// <summary>A page of a list query; <see cref="ContinuationToken"/> is opaque and null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
