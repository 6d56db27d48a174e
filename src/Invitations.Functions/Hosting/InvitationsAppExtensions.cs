using Invitations.Accounts;
using Invitations.Admin;
using Invitations.Admin.Bulk;
using Invitations.Email;
using Invitations.Events;
using Invitations.Expiry;
using Invitations.Health;
using Invitations.Hosting.LocalData;
using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        builder.AddLocalData();
        // Ops events: a log line by default; AddAzureMonitoring (Program.cs) swaps in Application Insights.
        builder.Services.TryAddSingleton<IOperationsTelemetry, LoggingOperationsTelemetry>();
        builder.AddStorage();
        builder.AddHealthChecks();
        builder.AddInvitationRules();
        builder.AddSendingLimits();
        builder.AddEmail();
        builder.AddEmailJobQueue();
        builder.AddAccountDirectory();
        builder.AddApiSecurity();
        builder.AddInvitationsApi();
        builder.AddBulkInvitations();
        builder.AddExpiry();
        builder.AddEvents();

        return builder;
    }
}
