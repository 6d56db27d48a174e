using Invitations.Accounts;
using Invitations.Admin;
using Invitations.Email;
using Invitations.Expiry;
using Invitations.Health;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Hosting;

/// <summary>
/// The one registration every host calls: the Functions worker (Program.cs) and the local host.
/// Keeping it single means guards, options validation and services are identical in both.
/// </summary>
public static class InvitationsAppExtensions
{
    public static IHostApplicationBuilder AddInvitationsApp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddStorage();
        builder.AddHealthChecks();
        builder.AddInvitationRules();
        builder.AddEmail();
        builder.AddEmailJobQueue();
        builder.AddAccountDirectory();
        builder.AddApiSecurity();
        builder.AddInvitationsApi();
        builder.AddExpiry();

        return builder;
    }
}
