namespace Invitations.Bench.Requests.Scenarios;

/// <summary>
/// The admin and invitee actions, one at a time over HTTP, on an app with the email sender and the expiry timer
/// disabled, so each count is that action's requests alone. A warm-up round first (tables and queue get created once).
/// </summary>
internal sealed class ActionsScenario : IBenchScenario
{
    public string Name => "actions";

    public string Description =>
        "Admin and invitee actions over HTTP, one at a time; SendInvitationEmail and ExpireInvitations disabled on this app.";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        await using var app = await BenchApp.StartAsync(environment, environment.NewDataSet("actions"), [BenchApp.EmailSender, BenchApp.ExpiryTimer]);
        await WarmUpAsync(app);

        var n = environment.Options.Invitations;
        var create = new ActionMeter(app);
        var copy = new ActionMeter(app);
        var resend = new ActionMeter(app);
        var reissue = new ActionMeter(app);
        var accept = new ActionMeter(app);
        var revoke = new ActionMeter(app);

        // Set A: create, copy link, resend, send new invitation, accept.
        var accepted = new List<(Guid Id, string Email)>();
        for (var i = 0; i < n; i++)
        {
            var email = BenchApp.NewEmail("a");
            var id = Guid.Empty;
            await create.MeasureAsync(async () => id = await app.CreateAsync(email));
            accepted.Add((id, email));
        }

        foreach (var (id, _) in accepted)
        {
            await copy.MeasureAsync(() => app.CopyLinkAsync(id));
        }

        foreach (var (id, _) in accepted)
        {
            await resend.MeasureAsync(() => app.ResendAsync(id));
        }

        foreach (var (id, _) in accepted)
        {
            await reissue.MeasureAsync(() => app.ReissueAsync(id));
        }

        foreach (var (id, email) in accepted)
        {
            var token = await app.CopyLinkAsync(id); // not counted: the invitee has the link from the email
            await accept.MeasureAsync(() => app.AcceptAsync(token, email));
        }

        // Set B: create, revoke.
        for (var i = 0; i < n; i++)
        {
            var id = Guid.Empty;
            await create.MeasureAsync(async () => id = await app.CreateAsync(BenchApp.NewEmail("b")));
            await revoke.MeasureAsync(() => app.RevokeAsync(id));
        }

        return
        [
            create.ToFigure("requests.create", "create"),
            copy.ToFigure("requests.copy-link", "copy link"),
            resend.ToFigure("requests.resend", "resend"),
            reissue.ToFigure("requests.reissue", "send new invitation (reissue)"),
            revoke.ToFigure("requests.revoke", "revoke"),
            accept.ToFigure("requests.accept", "accept"),
        ];
    }

    private static async Task WarmUpAsync(BenchApp app)
    {
        var email = BenchApp.NewEmail("warm");
        var id = await app.CreateAsync(email);
        await app.CopyLinkAsync(id);
        await app.ResendAsync(id);
        await app.ReissueAsync(id);
        await app.AcceptAsync(await app.CopyLinkAsync(id), email);
        await app.RevokeAsync(await app.CreateAsync(BenchApp.NewEmail("warm")));
    }
}
