using Microsoft.Extensions.Options;

namespace Invitations.Hosting.LocalData;

/// <summary>Resolves <see cref="LocalDataOptions.Directory"/> against the app's folder and refuses one inside it.</summary>
internal sealed class LocalDataOptionsSetup(string appDirectory) : IPostConfigureOptions<LocalDataOptions>, IValidateOptions<LocalDataOptions>
{
    public void PostConfigure(string? name, LocalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Directory = LocalDataOptions.Resolve(options.Directory, appDirectory);
    }

    public ValidateOptionsResult Validate(string? name, LocalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory)) + Path.DirectorySeparatorChar;
        var data = Path.TrimEndingDirectorySeparator(options.Directory) + Path.DirectorySeparatorChar;
        return data.StartsWith(app, StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail(
                $"LocalData:Directory resolves to {options.Directory}, inside the app's build output {app}: the Functions host " +
                "would restart on its first file and dotnet clean would delete it. Leave it empty or point it elsewhere.")
            : ValidateOptionsResult.Success;
    }
}
