using Invitations.Acceptance;
using Invitations.Hosting.Http;
using Invitations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Admin;

public static class AdminApiExtensions
{
    /// <summary>The HTTP API: request pipeline, admin and invitee services, and the send store the email consumer reads.</summary>
    public static IHostApplicationBuilder AddInvitationsApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RequestDeadline>();
        builder.Services.AddSingleton<ApiEndpoint>();
        builder.Services.AddSingleton<InvitationAdminService>();
        builder.Services.AddSingleton<InviteeService>();
        // For the email queue consumer (needs the account directory and link tokens, so it is registered here).
        builder.Services.AddSingleton<InvitationSendStore>();
        return builder;
    }
}
