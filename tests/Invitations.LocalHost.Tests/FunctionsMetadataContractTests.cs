using Invitations.Hosting;
using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestSupport;

namespace Invitations.LocalHost.Tests;

/// <summary>
/// The exact set of functions in the built <c>src/Invitations.Functions</c> functions.metadata: the artifact Azure loads.
/// A feature that adds, renames or re-routes a function adds or changes its row in <see cref="Expected"/>.
/// </summary>
public sealed class FunctionsMetadataContractTests
{
    public sealed record ExpectedFunction(
        string Name,
        string Trigger,
        string? Route = null,
        string[]? Methods = null,
        string? AuthLevel = null,
        string? Queue = null,
        string? Connection = null,
        string? Schedule = null);

    private static ExpectedFunction Http(string name, string route, string[] methods, string authLevel) =>
        new(name, "httpTrigger", Route: route, Methods: methods, AuthLevel: authLevel);

    private static ExpectedFunction Queue(string name, string queue, string connection) =>
        new(name, "queueTrigger", Queue: queue, Connection: connection);

    private static ExpectedFunction Timer(string name, string schedule) =>
        new(name, "timerTrigger", Schedule: schedule);

    /// <summary>One row per function. Routes are without the "api" prefix; methods lower case.</summary>
    public static readonly ExpectedFunction[] Expected =
    [
        Http("GetHealth", "health", ["get"], "Anonymous"),
        Http("CreateInvitation", "accounts/{accountId}/invitations", ["post"], "Anonymous"),
        Http("ListInvitations", "accounts/{accountId}/invitations", ["get"], "Anonymous"),
        Http("BulkCreateInvitations", "accounts/{accountId}/invitations/bulk", ["post"], "Anonymous"),
        Http("GetInvitationSummary", "accounts/{accountId}/invitations/summary", ["get"], "Anonymous"),
        Http("ChangeInvitationRole", "accounts/{accountId}/invitations/{invitationId}", ["patch"], "Anonymous"),
        Http("GetInvitation", "accounts/{accountId}/invitations/{invitationId}", ["get"], "Anonymous"),
        Http("CopyInvitationLink", "accounts/{accountId}/invitations/{invitationId}/link", ["get"], "Anonymous"),
        Http("ResendInvitation", "accounts/{accountId}/invitations/{invitationId}/resend", ["post"], "Anonymous"),
        Http("ReissueInvitation", "accounts/{accountId}/invitations/{invitationId}/reissue", ["post"], "Anonymous"),
        Http("RevokeInvitation", "accounts/{accountId}/invitations/{invitationId}/revoke", ["post"], "Anonymous"),
        Http("GetInvitationHistory", "accounts/{accountId}/invitations/{invitationId}/history", ["get"], "Anonymous"),
        Http("PreviewInvitation", "invitations/{token}", ["get"], "Anonymous"),
        Http("AcceptInvitation", "invitations/accept", ["post"], "Anonymous"),
        Timer("ExpireInvitations", "%ExpirySweepSchedule%"),
        Http("ListExpiryRuns", "ops/expiry-runs", ["get"], "Anonymous"),
        Http("GetExpiryRun", "ops/expiry-runs/{runId}", ["get"], "Anonymous"),
        Http("StartExpiryRun", "ops/expiry-runs", ["post"], "Anonymous"),
        Queue("SendInvitationEmail", "%EmailQueueName%", "InvitationsStorage"),
        Http("ReceiveEmailDeliveryReports", "email/delivery-reports", ["post"], "Anonymous"),
        Http("ValidateEmailDeliveryReportsWebhook", "email/delivery-reports", ["options"], "Anonymous"),
        Http("ReplayEmailPoison", "ops/email-poison/replay", ["post"], "Anonymous"),
        Timer("ReportEmailQueueDepth", "%EmailQueueDepthSchedule%"),
        Queue("RelayInvitationEvents", "%EventsQueueName%", "InvitationsStorage"),
        Timer("RecoverEventNudges", "0 */5 * * * *"),
    ];

    private static IReadOnlyList<FunctionMetadata> Built() =>
        FunctionMetadataReader.ReadFile(Path.Combine(BuildOutput.FunctionsApp, FunctionMetadataReader.FileName));

    [Fact]
    public void The_built_app_declares_exactly_the_expected_functions()
    {
        Assert.Equal(
            Expected.Select(f => f.Name).Order(StringComparer.Ordinal),
            Built().Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_function_has_the_expected_trigger_route_methods_queue_and_schedule()
    {
        var built = Built().ToDictionary(f => f.Name);
        foreach (var expected in Expected)
        {
            Assert.True(built.TryGetValue(expected.Name, out var function), $"{expected.Name} is missing from functions.metadata");
            var trigger = function.Trigger;

            // One line per function, so a failure shows the whole expected and actual row.
            var actual = Describe(
                function.Name, trigger.Type, trigger.GetString("route"), trigger.GetStrings("methods"), trigger.GetString("authLevel"),
                trigger.GetString("queueName"), trigger.GetString("connection"), trigger.GetString("schedule"));
            Assert.Equal(
                Describe(expected.Name, expected.Trigger, expected.Route, expected.Methods ?? [], expected.AuthLevel,
                    expected.Queue, expected.Connection, expected.Schedule),
                actual);
        }
    }

    private static string Describe(
        string name, string trigger, string? route, IEnumerable<string> methods, string? authLevel, string? queue, string? connection, string? schedule) =>
        $"{name} {trigger} route={route} methods={string.Join(',', methods.Select(m => m.ToLowerInvariant()).Order(StringComparer.Ordinal))} " +
        $"auth={authLevel} queue={queue} connection={connection} schedule={schedule}";

    [Fact]
    public async Task The_local_host_can_run_every_function_of_the_app_with_the_sample_settings()
    {
        var options = new LocalHostOptions
        {
            ScriptRoot = BuildOutput.FunctionsApp,
            SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            ReadEnvironmentVariables = false,
            StartAzurite = false,
            Port = 0,
        };

        var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
        await using var host = builder.Build(); // throws for a binding, setting or parameter the local host can't serve

        Assert.Equal(Expected.Length, host.Functions.Count);
    }
}
