using Invitations.TestSupport;

namespace Invitations.Infra.Tests;

/// <summary>
/// Every setting the code reads is set in Azure (infra/modules/functionapp.bicep) and locally
/// (local.settings.sample.json) under the same name, so a new setting cannot be forgotten in either.
/// </summary>
public class AppSettingsCatalogTests
{
    private static readonly string BicepModulePath = RepositoryPaths.Combine("infra", "modules", "functionapp.bicep");
    private static readonly string LocalSettingsPath = RepositoryPaths.Combine("local.settings.sample.json");

    // Names legitimately set on one side only. Keep each entry justified.
    private static readonly Dictionary<string, string> LocalOnly = new(StringComparer.Ordinal)
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "Flex Consumption sets the stack in functionAppConfig.runtime and rejects this app setting.",
        ["Auth__DevelopmentSigningKey"] = "Development tokens only; the app refuses it when Auth__Mode=Entra.",
        ["Email__ConnectionString"] = "Azure sends with the managed identity through Email__Endpoint; no keys in settings.",
        ["LocalData__Directory"] = "Only local runs write emails and events to disk; Azure sends through ACS and publishes events.",
        ["Events__TopicKey"] = "Azure publishes with the managed identity (the topic disables local auth); keys are for local and test topics.",
        ["Accounts__demo__Name"] = "Display name of the local demo account; in Azure, operators add Accounts__{accountId}__Name per real account.",
    };

    private static readonly Dictionary<string, string> AzureOnly = new(StringComparer.Ordinal)
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Telemetry goes to Application Insights in Azure only.",
        ["AZURE_CLIENT_ID"] = "Selects the user-assigned identity for DefaultAzureCredential in Azure.",
    };

    [Fact]
    public void Bicep_app_settings_match_local_settings_sample()
    {
        var azure = AppSettingNames.FromBicep(File.ReadAllText(BicepModulePath))
            .Select(AppSettingNames.Normalise).Where(n => !AzureOnly.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        var local = AppSettingNames.FromLocalSettings(File.ReadAllText(LocalSettingsPath))
            .Select(AppSettingNames.Normalise).Where(n => !LocalOnly.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);

        var missingInAzure = local.Except(azure).Order(StringComparer.Ordinal).ToList();
        var missingLocally = azure.Except(local).Order(StringComparer.Ordinal).ToList();

        Assert.True(
            missingInAzure.Count == 0 && missingLocally.Count == 0,
            "App settings differ between infra/modules/functionapp.bicep and local.settings.sample.json.\n" +
            $"In local.settings.sample.json but not in the Bicep: {string.Join(", ", missingInAzure)}\n" +
            $"In the Bicep but not in local.settings.sample.json: {string.Join(", ", missingLocally)}\n" +
            "Add the setting on both sides, or justify an exception in AppSettingsCatalogTests.");
    }

    [Fact]
    public void Exceptions_name_settings_that_exist_on_their_side()
    {
        var azure = AppSettingNames.FromBicep(File.ReadAllText(BicepModulePath)).Select(AppSettingNames.Normalise).ToHashSet();
        var local = AppSettingNames.FromLocalSettings(File.ReadAllText(LocalSettingsPath)).Select(AppSettingNames.Normalise).ToHashSet();

        var staleLocalOnly = LocalOnly.Keys.Where(name => !local.Contains(name) || azure.Contains(name)).ToList();
        var staleAzureOnly = AzureOnly.Keys.Where(name => !azure.Contains(name) || local.Contains(name)).ToList();

        Assert.True(staleLocalOnly.Count == 0, "Local-only exceptions that are not local-only: " + string.Join(", ", staleLocalOnly));
        Assert.True(staleAzureOnly.Count == 0, "Azure-only exceptions that are not Azure-only: " + string.Join(", ", staleAzureOnly));
    }

    [Fact]
    public void Bicep_block_is_read_whole_and_without_duplicates()
    {
        var names = AppSettingNames.FromBicep(File.ReadAllText(BicepModulePath));

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Auth__Mode", names);
        Assert.Contains("Expiry__RunRetentionDays", names);
        Assert.Contains(AppSettingNames.LinkSigningKeyPattern, names);
        Assert.Contains("InvitationsStorage__queueServiceUri", names);
    }

    [Fact]
    public void Identity_based_connection_settings_normalise_to_the_connection_name()
    {
        Assert.Equal("InvitationsStorage", AppSettingNames.Normalise("InvitationsStorage__tableServiceUri"));
        Assert.Equal("InvitationsStorage", AppSettingNames.Normalise("InvitationsStorage__clientId"));
        Assert.Equal("AzureWebJobsStorage", AppSettingNames.Normalise("AzureWebJobsStorage__credential"));
        Assert.Equal("Email__Endpoint", AppSettingNames.Normalise("Email__Endpoint"));
        Assert.Equal("Storage__TablePrefix", AppSettingNames.Normalise("Storage__TablePrefix"));
    }

    [Fact]
    public void Every_link_signing_key_normalises_to_one_pattern()
    {
        Assert.Equal(AppSettingNames.LinkSigningKeyPattern, AppSettingNames.Normalise("LinkSigning__Keys__local-1"));
        Assert.Equal(AppSettingNames.LinkSigningKeyPattern, AppSettingNames.Normalise("LinkSigning__Keys__{keyId}"));
        Assert.Equal("LinkSigning__ActiveKeyId", AppSettingNames.Normalise("LinkSigning__ActiveKeyId"));
    }

    [Fact]
    public void Bicep_parser_reads_property_lines_and_interpolated_names_inside_the_markers_only()
    {
        const string bicep = """
            var before = { Outside: 'x' }
            // app-settings:begin
            var appSettings = union(
              {
                // A comment: not a setting
                First__Name: 'a'
                'Quoted_Name': 'b'
              },
              toObject(ids, id => 'Keys__${id}', id => 'v')
            )
            // app-settings:end
            var after = { AlsoOutside: 'y' }
            """;

        Assert.Equal(["First__Name", "Quoted_Name", "Keys__{keyId}"], AppSettingNames.FromBicep(bicep));
    }
}
