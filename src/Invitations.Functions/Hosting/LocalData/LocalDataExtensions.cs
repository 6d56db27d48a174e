using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Invitations.Hosting.LocalData;

public static class LocalDataExtensions
{
    /// <summary>
    /// <see cref="LocalDataOptions"/>, resolved against the app's own folder (not the working directory) and refused
    /// at start when inside it. Safe to call more than once.
    /// </summary>
    public static IHostApplicationBuilder AddLocalData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var setup = new LocalDataOptionsSetup(AppContext.BaseDirectory);
        builder.Services.AddOptions<LocalDataOptions>().BindConfiguration(LocalDataOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LocalDataOptions>>(setup));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalDataOptions>>(setup));
        return builder;
    }
}
