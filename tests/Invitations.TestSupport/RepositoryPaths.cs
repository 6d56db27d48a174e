namespace Invitations.TestSupport;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding Invitations.Functions.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Invitations.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (Invitations.Functions.sln) above " + AppContext.BaseDirectory);
    }
}
