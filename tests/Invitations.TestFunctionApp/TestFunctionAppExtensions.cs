using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.TestFunctionApp;

/// <summary>The test app's one registration, called by its Program.cs and by the local host in tests.</summary>
public static class TestFunctionAppExtensions
{
    public static IHostApplicationBuilder AddTestFunctionApp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Recorder>();
        return builder;
    }
}
