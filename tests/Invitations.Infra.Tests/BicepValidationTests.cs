using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Invitations.TestSupport;

namespace Invitations.Infra.Tests;

/// <summary>
/// Compiles and lints the Bicep with the real, pinned Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64)
/// through infra/validate.sh, so `dotnet test` covers what CI requires: zero warnings, nothing downloaded.
/// </summary>
public class BicepValidationTests
{
    private static readonly TimeSpan ValidationTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void Every_bicep_file_compiles_and_lints_without_diagnostics()
    {
        var bicep = typeof(BicepValidationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        Assert.False(
            string.IsNullOrEmpty(bicep) || !File.Exists(bicep),
            $"The Bicep CLI was not found at '{bicep}'. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
            "(pinned in Directory.Packages.props, referenced by this project); restore the solution on linux-x64.");

        var (exitCode, output) = Run("bash", [RepositoryPaths.Combine("infra", "validate.sh")], ("BICEP", bicep!));

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

    private static (int ExitCode, string Output) Run(string fileName, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(ValidationTimeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"Timed out after {ValidationTimeout}.\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
