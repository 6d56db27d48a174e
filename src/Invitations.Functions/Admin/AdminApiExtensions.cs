using Invitations.Acceptance;
using Invitations.Hosting.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Admin;

public static class AdminApiExtensions
{
    /// <summary>The HTTP API: request pipeline, admin and invitee services.</summary>
    public static IHostApplicationBuilder AddInvitationsApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ApiEndpoint>();
        builder.Services.AddSingleton<InvitationAdminService>();
        builder.Services.AddSingleton<InviteeService>();
        return builder;
    }
}
