using System.Reflection;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests.Support;

/// <summary>Build output folders of the repository's projects, for the configuration these tests were built in.</summary>
internal static class BuildOutput
{
    public static string Configuration { get; } =
        typeof(BuildOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Of(params string[] projectPath) =>
        Path.Combine([RepositoryPaths.Root, .. projectPath, "bin", Configuration, "net10.0"]);

    public static string FunctionsApp => Of("src", "Invitations.Functions");

    public static string TestFunctionApp => Of("tests", "Invitations.TestFunctionApp");
}
