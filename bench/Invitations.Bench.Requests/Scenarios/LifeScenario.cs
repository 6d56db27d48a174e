using System.Diagnostics;

namespace Invitations.Bench.Requests.Scenarios;

/// <summary>
/// One invitation's life as it really runs, in three apps on the same tables and queue. The API app (sender and timer
/// disabled) takes the creates over HTTP and later runs the sweep over HTTP (the ops endpoint; the timer runs the same
/// sweep). Sender apps (timer disabled) deliver the emails through the queue trigger to the ACS test server; they start
/// only once the creates are done, because a listener that sees a job before its invitation row is written retries it
/// later (EmailJobNotReady), which is a race of the test, not a cost of a send.
/// A sender app's first send also pays its start-up (tables and queue made sure of once), so the send figure is
/// (a fresh sender app's requests for N emails - a fresh sender app's requests for 1 email) / (N - 1).
/// Expiry per invitation = (the sweep - a sweep with nothing due) / invitations it expired; the per-run cost is shown apart.
/// </summary>
internal sealed class LifeScenario : IBenchScenario
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    public string Name => "life";

    public string Description =>
        "Create (API app: SendInvitationEmail and ExpireInvitations disabled) + one email (sender app: ExpireInvitations disabled; queue receives not counted, its delete is) + expiry (sweep over HTTP).";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var n = environment.Options.LifeInvitations;
        if (n < 2)
        {
            throw new ArgumentException("--life needs at least 2 invitations.");
        }

        var lifetime = TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(150 * n);
        var settings = new Dictionary<string, string> { ["Invitations__Lifetime"] = lifetime.ToString() };
        var data = environment.NewDataSet("life");
        string[] senderDisabled = [BenchApp.ExpiryTimer];
        await using var api = await BenchApp.StartAsync(environment, data, [BenchApp.EmailSender, BenchApp.ExpiryTimer], settings);

        // Warm-up of the API app, and a fresh sender app sending one email: its start-up plus one send.
        await api.CreateAsync(BenchApp.NewEmail("warm"));
        await api.SweepAsync();
        IReadOnlyDictionary<string, long> oneEmail;
        await using (var sender = await BenchApp.StartAsync(environment, data, senderDisabled, settings))
        {
            await sender.WaitForDeletedMessagesAsync(1, SendTimeout);
            oneEmail = sender.RequestsByKind();
        }

        var fixedCost = new ActionMeter(api);
        await fixedCost.MeasureAsync(api.SweepAsync);

        var started = Stopwatch.StartNew();
        var create = new ActionMeter(api);
        for (var i = 0; i < n; i++)
        {
            await create.MeasureAsync(() => api.CreateAsync(BenchApp.NewEmail("life")));
        }

        var createsDone = started.Elapsed; // every invitation expires at most a lifetime after this
        IReadOnlyDictionary<string, long> nEmails;
        await using (var sender = await BenchApp.StartAsync(environment, data, senderDisabled, settings))
        {
            await sender.WaitForDeletedMessagesAsync(n, SendTimeout);
            nEmails = sender.RequestsByKind();
        }

        if (started.Elapsed >= lifetime)
        {
            throw new InvalidOperationException(
                $"Creating and sending took {started.Elapsed.TotalSeconds:0.0} s, longer than the {lifetime.TotalSeconds:0} s lifetime; try a smaller --life.");
        }

        await Task.Delay(createsDone + lifetime + TimeSpan.FromSeconds(1) - started.Elapsed);
        var sweep = new ActionMeter(api);
        var expired = 0;
        await sweep.MeasureAsync(async () => expired = await api.SweepAsync());
        if (expired < n)
        {
            throw new InvalidOperationException($"The sweep expired {expired} invitations, expected at least {n}.");
        }

        var emailPerSend = (nEmails.Values.Sum() - oneEmail.Values.Sum()) / (double)(n - 1);
        var expiryPer = (sweep.Total - fixedCost.Total) / (double)expired;
        var emailByKind = PerItem(StorageRequestCounter.Difference(oneEmail, nEmails), n - 1);
        var expiryByKind = PerItem(StorageRequestCounter.Difference(fixedCost.TotalsByKind, sweep.TotalsByKind), expired);
        var createPer = create.Total / (double)n;
        return
        [
            new Figure("requests.email", "one email send", emailPerSend, "requests",
                $"({nEmails.Values.Sum()} for {n} - {oneEmail.Values.Sum()} for 1) / {n - 1}, fresh sender apps") { ByKind = emailByKind },
            new Figure("requests.sender-start", "sender app start-up (once per instance, not in the line above)",
                oneEmail.Values.Sum() - emailPerSend, "requests"),
            new Figure("requests.expiry", "expiry per expired invitation (through the sweep)", expiryPer, "requests",
                $"({sweep.Total} - {fixedCost.Total}) / {expired} expired") { ByKind = expiryByKind },
            fixedCost.ToFigure("requests.sweep-fixed", "sweep with nothing due (per run, not in the line above)"),
            new Figure("requests.life", "one invitation's life (create + one email + expiry)", createPer + emailPerSend + expiryPer, "requests",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{createPer:0.##} + {emailPerSend:0.##} + {expiryPer:0.##}, the same {n} invitations")),
        ];
    }

    private static Dictionary<string, double> PerItem(IReadOnlyDictionary<string, long> totals, int items) =>
        totals.ToDictionary(kv => kv.Key, kv => kv.Value / (double)items, StringComparer.Ordinal);
}
