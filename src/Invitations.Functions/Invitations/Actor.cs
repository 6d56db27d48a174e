namespace Invitations.Invitations;

/// <summary>Who acted: taken from the caller's token, never from a request body.</summary>
public sealed record Actor(string Id, string? Name = null)
{
    public static Actor System { get; } = new("system", "Invitations");

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}
