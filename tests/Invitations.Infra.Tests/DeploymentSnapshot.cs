using System.Text.Json;
using Invitations.TestSupport;

namespace Invitations.Infra.Tests;

/// <summary>
/// The template evaluated offline by `bicep snapshot` with infra/snapshot/sample.bicepparam: the resources
/// ARM would be asked to create, with parameters, names and variables resolved (runtime values such as
/// endpoints stay as reference() expressions). Computed once per test class.
/// </summary>
public sealed class DeploymentSnapshot : IDisposable
{
    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "invitations-snapshot-" + Guid.NewGuid().ToString("N"));
    private readonly JsonDocument _document;

    public DeploymentSnapshot()
    {
        var bicep = BicepCli.RequirePath();

        // Work on a copy: snapshot writes its result next to the parameters file.
        var source = RepositoryPaths.Combine("infra");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("tools", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(_workDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var (exitCode, output) = BicepCli.Run(
            bicep,
            ["snapshot", Path.Combine("snapshot", "sample.bicepparam"),
             "--tenant-id", TenantId, "--subscription-id", SubscriptionId, "--location", "swedencentral"],
            _workDirectory);
        var snapshotPath = Path.Combine(_workDirectory, "snapshot", "sample.snapshot.json");
        Assert.True(exitCode == 0 && File.Exists(snapshotPath), $"bicep snapshot exited with {exitCode}:\n{output}");

        _document = JsonDocument.Parse(File.ReadAllText(snapshotPath));
        Resources = _document.RootElement.GetProperty("predictedResources").EnumerateArray().ToList();
    }

    public const string TenantId = "11111111-1111-1111-1111-111111111111";
    public const string SubscriptionId = "22222222-2222-2222-2222-222222222222";

    public IReadOnlyList<JsonElement> Resources { get; }

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    public JsonElement OnlyOfType(string type) => Assert.Single(OfType(type));

    public void Dispose()
    {
        _document?.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
