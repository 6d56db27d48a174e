using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Invitations.Email;
using Invitations.Email.Acs;
using Invitations.Email.Rendering;
using Invitations.TestSupport.Acs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Email throughput benchmark (prints figures, asserts nothing).
// Drains N email jobs through the real dispatcher, renderer and ACS REST client (HMAC, HttpPipeline) against the
// ACS test server at a fixed latency, with C jobs in flight, like the queue trigger's per-instance concurrency
// (host.json batchSize 16 + newBatchThreshold 8 = 24). Capacity is C / latency emails per second; target ratio >= 0.9.
// Not yet through the local host and a real queue: that needs the invitation storage (next phase).
//   dotnet run -c Release --project bench/Invitations.Bench.Email -- [emails=2000] [concurrency=24] [latencyMs=50]
var emails = Arg(0, 2000);
var concurrency = Arg(1, 24);
var latency = TimeSpan.FromMilliseconds(Arg(2, 50));

await using var server = await AcsTestServer.StartAsync();
server.Latency = latency;

var options = new EmailOptions { ConnectionString = server.ConnectionString, SenderAddress = "noreply@bench.test" };
var client = new AcsEmailClient(options, TimeProvider.System, NullLogger<AcsEmailClient>.Instance);
var renderer = new InvitationEmailRenderer(new EmailTemplateStore(), Options.Create(options));
var source = new BenchSource();
var dispatcher = new InvitationEmailDispatcher(source, client, renderer, new NoScheduler(), Options.Create(options), TimeProvider.System, NullLogger<InvitationEmailDispatcher>.Instance);

// Warm up (JIT, connection pool) outside the measurement.
await Drain(Math.Min(50, emails), "warmup");
var (elapsed, results) = await Drain(emails, "run");

var posts = server.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/emails:send", StringComparison.Ordinal));
var perSecond = emails / elapsed.TotalSeconds;
var capacity = concurrency / latency.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emails            {emails}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"concurrency       {concurrency}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACS latency       {latency.TotalMilliseconds:0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed           {elapsed.TotalSeconds:0.000} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emails/s          {perSecond:0.0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capacity          {capacity:0.0} emails/s (concurrency / latency)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio             {perSecond / capacity:0.000} (target >= 0.9)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent              {results.GetValueOrDefault(EmailDispatchResult.Sent)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted by ACS   {server.EmailCount} (incl. {Math.Min(50, emails)} warm-up), POSTs {posts}"));
return 0;

async Task<(TimeSpan Elapsed, Dictionary<EmailDispatchResult, int> Results)> Drain(int count, string prefix)
{
    var jobs = new ConcurrentQueue<EmailJob>(Enumerable.Range(0, count).Select(i => source.Add($"{prefix}-{i}")));
    var results = new ConcurrentDictionary<EmailDispatchResult, int>();
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (jobs.TryDequeue(out var job))
        {
            var result = await dispatcher.DispatchAsync(job, 1, CancellationToken.None);
            results.AddOrUpdate(result, 1, (_, n) => n + 1);
        }
    }));
    return (stopwatch.Elapsed, new Dictionary<EmailDispatchResult, int>(results));
}

int Arg(int index, int fallback) =>
    args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

internal sealed class NoScheduler : IEmailJobScheduler
{
    public Task ScheduleAsync(EmailJob job, TimeSpan delay, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The benchmark server does not throttle.");
}

/// <summary>Invitations and send records in memory, standing in for table storage.</summary>
internal sealed class BenchSource : IInvitationEmailSource
{
    private readonly ConcurrentDictionary<string, InvitationEmailModel> _invitations = new();
    private readonly ConcurrentDictionary<Guid, EmailSendRecord> _sends = new();

    public EmailJob Add(string invitationId)
    {
        _invitations[invitationId] = new InvitationEmailModel
        {
            InviteeAddress = $"{invitationId}@example.com",
            InviteeDisplayName = "Bench Invitee",
            AccountName = "Bench Account",
            InviterName = "Bench Admin",
            PersonalMessage = "Welcome!",
            Link = new Uri($"https://portal.example.com/invitations/accept?token={invitationId}"),
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
        };
        return new EmailJob("bench", invitationId, 1, 1, EmailJobKinds.Invitation);
    }

    public Task<InvitationEmailContext?> LoadAsync(EmailJob job, CancellationToken cancellationToken) =>
        Task.FromResult(_invitations.TryGetValue(job.InvitationId, out var model)
            ? new InvitationEmailContext(model, true, _sends.GetValueOrDefault(job.OperationId))
            : null);

    public Task RecordAsync(EmailJob job, EmailDeliveryUpdate update, CancellationToken cancellationToken)
    {
        _sends[update.OperationId] = new EmailSendRecord(update.OperationId, update.Status, update.Attempts);
        return Task.CompletedTask;
    }
}
