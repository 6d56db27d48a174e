using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Limits;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Admin;

/// <summary>
/// The admin actions of the Users page. Every change goes through <see cref="InvitationWriter"/> (read, rules, queue,
/// index, one conditional transaction, retry); copying a link only reads and appends its audit row.
/// </summary>
public sealed partial class InvitationAdminService(
    InvitationStore store,
    InvitationWriter writer,
    InvitationLinkTokens tokens,
    IOptions<InvitationOptions> options,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<InvitationAdminService> logger)
{
    public const int DefaultPageSize = 50;
    public const string IdempotencyHeader = "Idempotency-Key";

    private InvitationOptions Options => options.Value;

    private EmailLimit PerInvitation => limits.Value.PerInvitation;

    public async Task<CreateInvitationResult> CreateAsync(
        string accountId, CallerIdentity caller, CreateInvitationRequest body, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var request = CreateInvitationValidator.Validate(body, Options);
        EnsureValidKey(idempotencyKey);

        var hash = request.Hash();
        var now = time.GetUtcNow();
        var invitation = Invitation.Create(
            new NewInvitation(accountId, Guid.CreateVersion7(now), request.Email, request.DisplayName, request.Role, request.Message, request.Locale),
            caller.ToActor(),
            now,
            Options.Lifetime);
        var view = JsonSerializer.SerializeToElement(InvitationView.From(invitation, now, PerInvitation), ApiJson.Options);
        var record = idempotencyKey is null
            ? null
            : new IdempotencyRecord(idempotencyKey, hash, invitation.Id, view.GetRawText(), now);

        // The write path queues the email job before it commits: the stored "email queued" is never a promise nobody keeps.
        var written = await writer.CreateAsync(invitation, record, ct);
        if (written.Replay is { } earlier)
        {
            return new CreateInvitationResult(earlier.InvitationId, ReplayBody(earlier, hash), Replayed: true);
        }

        LogCreated(logger, accountId, invitation.Id);
        return new CreateInvitationResult(invitation.Id, view, Replayed: false);
    }

    public async Task<InvitationListView> ListAsync(string accountId, InvitationListRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        var statuses = new List<InvitationStatus>();
        foreach (var value in request.Status.SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (Enum.TryParse<InvitationStatus>(value, ignoreCase: true, out var status) && !int.TryParse(value, out _))
            {
                statuses.Add(status);
            }
            else
            {
                errors.Add("status", "Use pending, accepted, revoked or expired (repeat or comma-separate for several).");
            }
        }

        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim().ToLowerInvariant();
        if (email is not null && (email.Length > EmailAddress.MaxLength || email.Any(char.IsControl)))
        {
            errors.Add("email", "Not a valid email filter.");
        }

        if (request.ContinuationToken is { Length: > 2048 })
        {
            errors.Add("continuationToken", "Not a continuation token this API issued.");
        }

        // Newest first unless asked otherwise: what a Users page shows.
        var oldestFirst = request.OrderBy switch
        {
            null or "-createdAt" => false,
            "createdAt" => true,
            _ => AddError(errors, "orderBy", "Use createdAt (oldest first) or -createdAt (newest first, the default)."),
        };

        errors.ThrowIfAny();
        var page = await store.ListAsync(accountId, new InvitationListQuery(statuses, email, oldestFirst), request.PageSize, request.ContinuationToken, ct);
        var now = time.GetUtcNow();
        return new InvitationListView([.. page.Items.Select(i => InvitationView.From(i, now, PerInvitation))], page.ContinuationToken);
    }

    /// <summary>Counts per status for the Users page ("12 pending"), as of now: a pending invitation past its window is expired.</summary>
    public async Task<InvitationSummaryView> SummaryAsync(string accountId, CancellationToken ct)
    {
        var counts = await store.CountByStatusAsync(accountId, ct);
        return new InvitationSummaryView(
            counts[InvitationStatus.Pending], counts[InvitationStatus.Accepted], counts[InvitationStatus.Revoked], counts[InvitationStatus.Expired],
            counts.Values.Sum(), time.GetUtcNow().UtcDateTime);
    }

    public async Task<InvitationView> GetAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        var stored = await store.GetAsync(accountId, invitationId, ct) ?? throw new InvitationNotFoundException();
        return View(stored.Value);
    }

    /// <summary>
    /// Copy invitation link: re-derives the token (never stored) and appends the copy to the history, folded per admin
    /// and window. Not a change of the invitation: one read and one upsert, never a conflict with other actions.
    /// </summary>
    public async Task<InvitationLinkView> CopyLinkAsync(string accountId, Guid invitationId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var invitation = (await store.GetAsync(accountId, invitationId, ct) ?? throw new InvitationNotFoundException()).Value;
        var copied = invitation.CopyLink(caller.ToActor(), time.GetUtcNow());
        await store.AppendLinkCopiedAsync(invitation, copied, ct);
        var url = Options.BuildLink(tokens.Create(invitation.AccountId, invitation.Id, invitation.LinkVersion));
        return new InvitationLinkView(url.AbsoluteUri, invitation.ExpiresAt.UtcDateTime);
    }

    /// <summary>Resend invitation link: the same link and expiry, emailed again (queued now, sent by the email feature).</summary>
    public Task<InvitationActionResult> ResendAsync(string accountId, Guid invitationId, CallerIdentity caller, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return EmailAgainAsync(accountId, invitationId, "resend", idempotencyKey,
            (invitation, now) => invitation.Resend(caller.ToActor(), now, PerInvitation),
            ct);
    }

    /// <summary>Send new invitation: a new link with a new window; the old link stops working.</summary>
    public Task<InvitationActionResult> ReissueAsync(string accountId, Guid invitationId, CallerIdentity caller, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return EmailAgainAsync(accountId, invitationId, "reissue", idempotencyKey,
            (invitation, now) => invitation.Reissue(caller.ToActor(), now, Options.Lifetime, PerInvitation),
            ct);
    }

    /// <returns>The invitation, and whether this call revoked it (false: it was revoked before).</returns>
    public async Task<(InvitationView Invitation, bool Changed)> RevokeAsync(string accountId, Guid invitationId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var changed = false;
        var written = await ChangeAsync(accountId, invitationId, (invitation, now) => changed = invitation.Revoke(caller.ToActor(), now), ct);
        return (View(written), changed);
    }

    /// <summary>Change the role of a pending or expired invitation (no email); the role must be one of Invitations__Roles.</summary>
    /// <returns>The invitation, and whether the role changed (false: it already had that role).</returns>
    public async Task<(InvitationView Invitation, bool Changed)> ChangeRoleAsync(
        string accountId, Guid invitationId, CallerIdentity caller, ChangeInvitationRoleRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var role = Options.RoleList.FirstOrDefault(r => string.Equals(r, body.Role?.Trim(), StringComparison.OrdinalIgnoreCase))
                   ?? throw new ValidationFailedException("role", body.Role is null ? "Required." : $"Unknown role. Allowed: {string.Join(", ", Options.RoleList)}.");
        var changed = false;
        var written = await ChangeAsync(accountId, invitationId, (invitation, now) => changed = invitation.ChangeRole(caller.ToActor(), role, now), ct);
        return (View(written), changed);
    }

    /// <summary>One page of the invitation's history, newest first.</summary>
    public async Task<HistoryView> GetHistoryAsync(string accountId, Guid invitationId, HistoryRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContinuationToken is { Length: > 2048 })
        {
            throw ValidationFailedException.InvalidContinuationToken();
        }

        _ = await store.GetAsync(accountId, invitationId, ct) ?? throw new InvitationNotFoundException();
        var page = await store.GetHistoryAsync(accountId, invitationId, request.PageSize, request.ContinuationToken, ct);
        return new HistoryView(
            invitationId,
            [.. page.Items.Select(e => new HistoryEntryView(
                InvitationRows.EventName(e.Kind), new PersonView(e.Actor.Id, e.Actor.Name), e.At.UtcDateTime, e.LinkVersion, e.Details))],
            page.ContinuationToken);
    }

    private async Task<Invitation> ChangeAsync(string accountId, Guid invitationId, Action<Invitation, DateTimeOffset> apply, CancellationToken ct) =>
        (await writer.ChangeAsync(accountId, invitationId, apply, options: null, ct)).Invitation;

    private static bool AddError(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return false;
    }

    /// <summary>
    /// Resend or send new through the write path, idempotent under an <c>Idempotency-Key</c> as create is: the invitation
    /// it answers with is stored in the change's transaction; the same key on the same action and invitation replays it (no second
    /// email), on another action or invitation it is a 422. A refusal stores nothing, so a retry is decided again.
    /// </summary>
    private async Task<InvitationActionResult> EmailAgainAsync(
        string accountId, Guid invitationId, string action, string? idempotencyKey,
        Action<Invitation, DateTimeOffset> apply, CancellationToken ct)
    {
        EnsureValidKey(idempotencyKey);
        JsonElement Answer(Invitation invitation) =>
            JsonSerializer.SerializeToElement(View(invitation), ApiJson.Options);

        // No body: the request is the action on this invitation.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{action}|{invitationId:N}")));
        JsonElement? stored = null;
        var idempotency = idempotencyKey is null ? null : new IdempotentChange(idempotencyKey, invitation =>
        {
            stored = Answer(invitation);
            return new IdempotencyRecord(idempotencyKey, hash, invitation.Id, stored.Value.GetRawText(), time.GetUtcNow());
        });
        var written = await writer.ChangeAsync(accountId, invitationId, apply, new InvitationWriteOptions { Idempotency = idempotency }, ct);
        return written.Replay is { } earlier
            ? new InvitationActionResult(ReplayBody(earlier, hash), Replayed: true)
            : new InvitationActionResult(stored ?? Answer(written.Invitation), Replayed: false);
    }

    private InvitationView View(Invitation invitation) => InvitationView.From(invitation, time.GetUtcNow(), PerInvitation);

    private static void EnsureValidKey(string? idempotencyKey)
    {
        if (idempotencyKey is not null && !IdempotencyKeyPattern().IsMatch(idempotencyKey))
        {
            throw new ValidationFailedException(IdempotencyHeader, "1-100 characters: letters, digits, '-', '_', '.', ':'.");
        }
    }

    private static JsonElement ReplayBody(IdempotencyRecord earlier, string hash)
    {
        if (!string.Equals(earlier.RequestHash, hash, StringComparison.Ordinal))
        {
            throw new DomainException(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request.");
        }

        using var body = JsonDocument.Parse(earlier.Body);
        return body.RootElement.Clone();
    }

    public static bool IsValidIdempotencyKey(string key) => IdempotencyKeyPattern().IsMatch(key);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex IdempotencyKeyPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {InvitationId} created in account {AccountId}")]
    private static partial void LogCreated(ILogger logger, string accountId, Guid invitationId);
}
