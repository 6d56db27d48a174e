namespace Invitations.Hosting.LocalData;

/// <summary>
/// Section <c>LocalData</c>: the one folder for what the app writes to disk when it runs locally (emails without
/// ACS, lifecycle events without Event Grid). It must be outside every build output: the Functions host watches its
/// script root (the build output, also the working directory of <c>func start</c>) and restarts when a folder appears
/// there, and <c>dotnet clean</c> deletes it. So a relative path is never taken from the working directory.
/// </summary>
public sealed class LocalDataOptions
{
    public const string SectionName = "LocalData";
    public const string DefaultFolder = ".data";

    /// <summary>The repository file that marks the root a relative <see cref="Directory"/> resolves against.</summary>
    public const string RepositoryMarker = "Invitations.Functions.sln";

    /// <summary>
    /// Empty: <c>{repository}/.data</c>. Relative: against the repository root (the nearest folder above the app's
    /// own folder holding <see cref="RepositoryMarker"/>; a deployed app without one uses the temp folder).
    /// Absolute: as is. After start it always holds the resolved absolute path.
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>The local email sender's <c>.eml</c> files.</summary>
    public string MailDirectory => Path.Combine(Directory, "mail");

    /// <summary>Lifecycle events written locally instead of being published.</summary>
    public string EventsDirectory => Path.Combine(Directory, "events");

    /// <summary>The absolute folder <paramref name="configured"/> means for an app running from <paramref name="appDirectory"/>.</summary>
    public static string Resolve(string? configured, string appDirectory)
    {
        var value = string.IsNullOrWhiteSpace(configured) ? DefaultFolder : configured.Trim();
        if (Path.IsPathFullyQualified(value))
        {
            return Path.GetFullPath(value);
        }

        var root = FindRepositoryRoot(appDirectory) ?? Path.Combine(Path.GetTempPath(), "invitations");
        return Path.GetFullPath(Path.Combine(root, value));
    }

    public static string? FindRepositoryRoot(string appDirectory)
    {
        for (var dir = new DirectoryInfo(appDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, RepositoryMarker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
