using System.Text.Json;
using Invitations.TestSupport;

namespace Invitations.Infra.Tests;

/// <summary>
/// Compiles and lints the Bicep with the real, pinned Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64)
/// through infra/validate.sh, so `dotnet test` covers what CI requires: zero warnings, nothing downloaded.
/// </summary>
public class BicepValidationTests
{
    [Fact]
    public void Every_bicep_file_compiles_and_lints_without_diagnostics()
    {
        var bicep = BicepCli.RequirePath();

        var (exitCode, output) = BicepCli.Run("bash", [RepositoryPaths.Combine("infra", "validate.sh")], RepositoryPaths.Root, ("BICEP", bicep));

        Assert.True(exitCode == 0, $"infra/validate.sh exited with {exitCode}:\n{output}");
        Assert.Contains("0 warnings, 0 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Workbook_is_valid_workbook_json_bound_to_the_placeholder_component()
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "workbook.json"));
        using var workbook = JsonDocument.Parse(text);

        Assert.Equal("Notebook/1.0", workbook.RootElement.GetProperty("version").GetString());
        var queries = workbook.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("type").GetInt32() == 3)
            .Select(item => item.GetProperty("content").GetProperty("query").GetString() ?? "")
            .ToList();
        Assert.Contains(queries, q => q.Contains("ExpiryRunCompleted", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("EmailSendCompleted", StringComparison.Ordinal));
        Assert.Contains("__APPINSIGHTS_RESOURCE_ID__", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));

        Assert.Contains("project: ./src/Invitations.Functions", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryPaths.Combine("src", "Invitations.Functions", "Invitations.Functions.csproj")));
    }
}
