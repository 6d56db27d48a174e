using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Accounts;

/// <summary>What the invitee and the email see of an account.</summary>
public sealed record AccountInfo(string Id, string Name);
