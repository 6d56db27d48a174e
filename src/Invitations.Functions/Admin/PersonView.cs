namespace Invitations.Admin;

/// <summary>A person as the API shows them: an id and a display name.</summary>
public sealed record PersonView(string Id, string? Name);
