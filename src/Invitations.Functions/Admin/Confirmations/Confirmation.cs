namespace Invitations.Admin.Confirmations;

/// <summary>
/// What an action did, for the admin: a stable <see cref="MessageCode"/> with its <see cref="Parameters"/>, and the
/// <see cref="Message"/> in <see cref="Language"/>. Truthful: an email that is only queued is said to be queued.
/// </summary>
public sealed record Confirmation(string MessageCode, IReadOnlyDictionary<string, string> Parameters, string Message, string Language);
