using Microsoft.Extensions.Hosting;

namespace Invitations.Accounts;

/// <summary>What the invitee and the email see of an account.</summary>
public sealed record AccountInfo(string Id, string Name);
