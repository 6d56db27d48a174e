using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using Invitations.Email;
using Invitations.Hosting;
using Invitations.Invitations;
using Invitations.LocalHost;
using Invitations.Storage;
using Invitations.TestSupport;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Email throughput benchmark (prints figures, asserts nothing).
// Seeds N invitations in a private Azurite and puts their N email jobs on the queue, then starts the app on the local
// host and measures how fast the real SendInvitationEmail queue trigger drains them: storage source (point read,
// message index, "sending" and "sent" ETag writes), renderer, ACS REST client (HMAC, HttpPipeline) against the ACS test
// server at a fixed latency. Capacity = (host.json batchSize + newBatchThreshold) / latency: the most the configured
// per-instance concurrency allows. Target ratio >= 0.9.
//   dotnet run -c Release --project bench/Invitations.Bench.Email -- [emails=1000] [latencyMs=250] [batchSize newBatchThreshold]
// The last two try other host.json queue settings (a copy of host.json in a temporary script root).
var emails = Arg(0, 1000);
var latency = TimeSpan.FromMilliseconds(Arg(1, 250));
var scriptRoot = args.Length >= 4 ? ScriptRootWith(Arg(2, 16), int.Parse(args[3], CultureInfo.InvariantCulture)) : AppContext.BaseDirectory;

await using var acs = await AcsTestServer.StartAsync();
acs.Latency = latency;
var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
try
{
    var queueName = "bench-emails";
    var options = new LocalHostOptions
    {
        ScriptRoot = scriptRoot, // functions.metadata and host.json come with the Functions project reference
        SettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
        ReadEnvironmentVariables = false,
        StartAzurite = false,
        Port = 0,
    };
    options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
    options.Settings["InvitationsStorage"] = azurite.ConnectionString;
    options.Settings["EmailQueueName"] = queueName;
    options.Settings["ExpirySweepSchedule"] = "0 0 0 1 1 *";
    options.Settings["Email__ConnectionString"] = acs.ConnectionString;
    options.Settings["Email__SenderAddress"] = "noreply@bench.test";

    var (batchSize, newBatchThreshold) = QueueSettings(Path.Combine(scriptRoot, "host.json"));
    var concurrency = batchSize + newBatchThreshold;
    var capacity = concurrency / latency.TotalSeconds;

    var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    await using var host = builder.Build();

    // Seed before the host starts, so the trigger sees a full queue from its first poll.
    var seeding = Stopwatch.StartNew();
    var writer = host.Services.GetRequiredService<InvitationWriter>();
    var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    await queue.CreateIfNotExistsAsync();
    var now = DateTimeOffset.UtcNow;
    await Parallel.ForEachAsync(Enumerable.Range(0, emails), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    {
        var account = $"bench{i % 10}";
        var invitation = Invitation.Create(
            new NewInvitation(account, Guid.NewGuid(), EmailAddress.Parse($"invitee{i}@example.com"), $"Invitee {i}", "member", "Welcome!", null),
            new Actor("bench-admin", "Bench Admin"), now, TimeSpan.FromDays(7));
        // The write path queues the invitation's email job itself (the host is not started yet, so it waits).
        await writer.CreateAsync(invitation, null, ct);
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {emails} invitations + jobs in {seeding.Elapsed.TotalSeconds:0.0} s"));

    var stopwatch = Stopwatch.StartNew();
    await host.StartAsync();
    var drained = await acs.WaitForEmailsAsync(emails, TimeSpan.FromMinutes(10));
    var elapsed = stopwatch.Elapsed;
    await Task.Delay(TimeSpan.FromSeconds(2)); // let the last "sent" writes land and any duplicate show up
    await host.StopAsync();

    var posts = acs.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/emails:send", StringComparison.Ordinal));
    var perSecond = acs.EmailCount / elapsed.TotalSeconds;
    // Steady state: first to last accepted email, without the host start and the first poll.
    var accepted = acs.Requests.Where(r => r.Method == "POST" && r.ResponseStatus == 202).Select(r => r.ReceivedAt).Order().ToList();
    var steady = accepted.Count > 1 ? (accepted.Count - 1) / (accepted[^1] - accepted[0]).TotalSeconds : 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $".NET {Environment.Version}; {Environment.ProcessorCount} cores; Azurite in memory; local host queue trigger"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emails            {emails}{(drained ? "" : " (NOT all drained within 10 min)")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"concurrency       {concurrency} (host.json batchSize {batchSize} + newBatchThreshold {newBatchThreshold})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACS latency       {latency.TotalMilliseconds:0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed           {elapsed.TotalSeconds:0.000} s (host start to the last email accepted)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emails/s          {perSecond:0.0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady emails/s   {steady:0.0} (first to last accepted POST; ratio {steady / capacity:0.000})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capacity          {capacity:0.0} emails/s (concurrency / latency)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio             {perSecond / capacity:0.000} (target >= 0.9)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted by ACS   {acs.EmailCount}, POSTs {posts}, distinct operation ids {acs.Emails.Select(e => e.OperationId).Distinct().Count()}"));
    return 0;
}
finally
{
    await azurite.DisposeAsync();
}

static string ScriptRootWith(int batchSize, int newBatchThreshold)
{
    var root = Directory.CreateTempSubdirectory("bench-email-").FullName;
    File.Copy(Path.Combine(AppContext.BaseDirectory, "functions.metadata"), Path.Combine(root, "functions.metadata"));
    var hostJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;
    hostJson["extensions"]!["queues"]!["batchSize"] = batchSize;
    hostJson["extensions"]!["queues"]!["newBatchThreshold"] = newBatchThreshold;
    File.WriteAllText(Path.Combine(root, "host.json"), hostJson.ToJsonString());
    return root;
}

static (int BatchSize, int NewBatchThreshold) QueueSettings(string hostJson)
{
    using var document = JsonDocument.Parse(File.ReadAllText(hostJson));
    var queues = document.RootElement.GetProperty("extensions").GetProperty("queues");
    return (queues.GetProperty("batchSize").GetInt32(), queues.GetProperty("newBatchThreshold").GetInt32());
}

int Arg(int index, int fallback) =>
    args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
