using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Accounts;

public static class AccountDirectoryExtensions
{
    public static IHostApplicationBuilder AddAccountDirectory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAccountDirectory, ConfigurationAccountDirectory>();
        return builder;
    }
}
