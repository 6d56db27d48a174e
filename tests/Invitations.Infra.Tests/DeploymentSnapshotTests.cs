using Invitations.TestSupport;

namespace Invitations.Infra.Tests;

/// <summary>Security and wiring properties of the evaluated template (see <see cref="DeploymentSnapshot"/>).</summary>
public class DeploymentSnapshotTests(DeploymentSnapshot snapshot) : IClassFixture<DeploymentSnapshot>
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";

    private Dictionary<string, string> AppSettings() =>
        snapshot.OnlyOfType("Microsoft.Web/sites/config").GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    [Fact]
    public void Storage_allows_no_shared_keys_no_public_blobs_and_only_tls_1_2()
    {
        var properties = snapshot.OnlyOfType("Microsoft.Storage/storageAccounts").GetProperty("properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void App_identity_gets_the_storage_and_key_vault_roles()
    {
        var roleIds = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Select(r => r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.Split('/')[^1])
            .ToList();

        Assert.Contains(StorageBlobDataOwner, roleIds);
        Assert.Contains(StorageQueueDataContributor, roleIds);
        Assert.Contains(StorageTableDataContributor, roleIds);
        Assert.Contains(KeyVaultSecretsUser, roleIds);
        Assert.Contains(EventGridDataSender, roleIds);
        // The email sender role (a custom role in the sample parameters) is the sixth.
        Assert.Equal(6, roleIds.Count);
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption_with_identity_deployment()
    {
        var plan = snapshot.OnlyOfType("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());

        var config = snapshot.OnlyOfType("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal(
            "UserAssignedIdentity",
            config.GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void App_settings_hold_no_keys_and_read_secrets_through_key_vault_references()
    {
        var settings = AppSettings();

        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(settings.Values, v => v.Contains("accesskey=", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Entra", settings["Auth__Mode"]);
        Assert.Equal("managedidentity", settings["InvitationsStorage__credential"]);
        Assert.StartsWith("@Microsoft.KeyVault(", settings["Email__DeliveryReportSecret"], StringComparison.Ordinal);
        Assert.Equal("k2", settings["LinkSigning__ActiveKeyId"]);
        Assert.StartsWith("@Microsoft.KeyVault(", settings["LinkSigning__Keys__k2"], StringComparison.Ordinal);
        Assert.StartsWith("@Microsoft.KeyVault(", settings["LinkSigning__Keys__k1"], StringComparison.Ordinal);
        Assert.Equal("DoNotReply@mail.example.com", settings["Email__SenderAddress"]);
    }

    [Fact]
    public void Evaluated_setting_names_are_the_names_the_settings_test_reads_from_the_bicep()
    {
        var evaluated = AppSettings().Keys.Select(AppSettingNames.Normalise).ToHashSet(StringComparer.Ordinal);
        var parsed = AppSettingNames.FromBicep(File.ReadAllText(RepositoryPaths.Combine("infra", "modules", "functionapp.bicep")))
            .Select(AppSettingNames.Normalise).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(parsed.Order(StringComparer.Ordinal), evaluated.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Key_vault_uses_rbac_and_communication_services_refuses_access_keys()
    {
        Assert.True(snapshot.OnlyOfType("Microsoft.KeyVault/vaults").GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean());

        var acs = snapshot.OnlyOfType("Microsoft.Communication/communicationServices").GetProperty("properties");
        Assert.True(acs.GetProperty("disableLocalAuth").GetBoolean());
        Assert.Equal(2, acs.GetProperty("linkedDomains").GetArrayLength());
    }

    [Fact]
    public void Delivery_reports_subscription_sends_only_email_delivery_reports_to_the_function_route()
    {
        var properties = snapshot.OnlyOfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").GetProperty("properties");

        var eventTypes = properties.GetProperty("filter").GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["Microsoft.Communication.EmailDeliveryReportReceived"], eventTypes);
        var url = properties.GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString();
        Assert.Contains("/api/email/delivery-reports?secret=", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_cover_expiry_runs_backlog_and_errors_poison_queue_http_5xx_unpublished_events_and_limit_abuse()
    {
        var queries = snapshot.OfType("Microsoft.Insights/scheduledQueryRules")
            .Select(r => r.GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!)
            .ToList();

        Assert.Equal(7, queries.Count);
        Assert.Equal(3, queries.Count(q => q.Contains("ExpiryRunCompleted", StringComparison.Ordinal)));
        Assert.Contains(queries, q => q.Contains("backlogRemaining", StringComparison.Ordinal) && q.Contains("top 3", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("sum(toint(d.errors))", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("EmailQueueDepth", StringComparison.Ordinal) && q.Contains("'invitation-emails-poison'", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("EventsPublishFailed", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("resultCode", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("\"LimitRefused\"", StringComparison.Ordinal) && q.Contains("refusals >= 20", StringComparison.Ordinal));
    }

    [Fact]
    public void Events_topic_takes_cloudevents_from_the_app_identity_only_and_its_endpoint_is_an_app_setting()
    {
        var topic = snapshot.OnlyOfType("Microsoft.EventGrid/topics");
        var properties = topic.GetProperty("properties");

        Assert.Equal("CloudEventSchemaV1_0", properties.GetProperty("inputSchema").GetString());
        Assert.True(properties.GetProperty("disableLocalAuth").GetBoolean());
        var settings = AppSettings();
        Assert.Contains("Events__TopicEndpoint", settings.Keys);
        Assert.DoesNotContain("Events__TopicKey", settings.Keys);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["Events__ClientId"]);
    }

    [Fact]
    public void Sample_events_subscription_receives_cloudevents_for_invitation_subjects()
    {
        var properties = snapshot.OnlyOfType("Microsoft.EventGrid/topics/eventSubscriptions").GetProperty("properties");

        Assert.Equal("CloudEventSchemaV1_0", properties.GetProperty("eventDeliverySchema").GetString());
        Assert.Equal("invitations/", properties.GetProperty("filter").GetProperty("subjectBeginsWith").GetString());
        var types = properties.GetProperty("filter").GetProperty("includedEventTypes").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.All(types, t => Assert.StartsWith("Invitations.Invitation.", t, StringComparison.Ordinal));
    }
}
