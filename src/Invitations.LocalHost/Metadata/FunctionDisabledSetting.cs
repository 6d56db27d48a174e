namespace Invitations.LocalHost.Metadata;

/// <summary>
/// The host's switch for one function, read once at start as the WebJobs SDK does (<c>FunctionIndexer.IsDisabled</c>):
/// the app setting <c>AzureWebJobs.&lt;Function&gt;.Disabled</c>, or <c>AzureWebJobs_&lt;Function&gt;_Disabled</c> where
/// environment variables can't hold dots, set to <c>true</c> or <c>1</c> (case-insensitive, no trimming). Any other
/// value, <c>false</c> included, leaves the function enabled.
/// </summary>
public static class FunctionDisabledSetting
{
    public static string Name(string functionName) => $"AzureWebJobs.{functionName}.Disabled";

    public static string LinuxName(string functionName) => $"AzureWebJobs_{functionName}_Disabled";

    /// <summary>The setting that disables <paramref name="functionName"/>, or null when it is enabled.</summary>
    public static string? Find(IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new[] { Name(functionName), LinuxName(functionName) }.FirstOrDefault(name => IsOn(configuration[name]));
    }

    private static bool IsOn(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "1", StringComparison.Ordinal);
}
