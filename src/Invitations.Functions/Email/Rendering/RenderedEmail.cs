namespace Invitations.Email.Rendering;

/// <summary>A rendered email, before addressing.</summary>
public sealed record RenderedEmail(string Subject, string Html, string PlainText, string Language);
