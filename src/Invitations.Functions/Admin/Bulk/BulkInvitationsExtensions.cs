using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Admin.Bulk;

public static class BulkInvitationsExtensions
{
    /// <summary>Bulk invite: rows run through the admin API's single create (registered by AddInvitationsApi).</summary>
    public static IHostApplicationBuilder AddBulkInvitations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<BulkInvitationService>();
        return builder;
    }
}
