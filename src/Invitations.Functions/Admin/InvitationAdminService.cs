using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Email;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Admin;

/// <summary>The answer of a create: fresh, or replayed from the stored response of an earlier call with the same key.</summary>
public sealed record CreateInvitationResult(int StatusCode, string Location, JsonElement Body, bool Replayed);

/// <summary>Filters of the list as they arrive in the query string (validated here).</summary>
public sealed record InvitationListRequest(IReadOnlyList<string> Status, string? Email, string? PageSize, string? ContinuationToken);

/// <summary>
/// The admin actions of the Users page. Each action reads the invitation (point read), applies the rules, queues its
/// email first when it promises one, then writes ETag-conditionally; a concurrent change is retried on fresh state a
/// couple of times (the rules are re-applied, so it is safe) and then answered with <c>conflict</c>.
/// </summary>
public sealed partial class InvitationAdminService(
    InvitationRepository repository,
    IEmailJobQueue emailJobs,
    InvitationLinkTokens tokens,
    IOptions<InvitationOptions> options,
    TimeProvider time,
    ILogger<InvitationAdminService> logger)
{
    public const int DefaultPageSize = 50;
    public const int MaxAttempts = 5;
    public const string IdempotencyHeader = "Idempotency-Key";

    private InvitationOptions Options => options.Value;

    public async Task<CreateInvitationResult> CreateAsync(
        string accountId, CallerIdentity caller, CreateInvitationRequest body, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var request = CreateInvitationValidator.Validate(body, Options);
        if (idempotencyKey is not null && !IdempotencyKeyPattern().IsMatch(idempotencyKey))
        {
            throw ApiException.Validation(IdempotencyHeader, "1-100 characters: letters, digits, '-', '_', '.', ':'.");
        }

        var hash = request.Hash();
        if (idempotencyKey is not null && await repository.GetIdempotencyAsync(accountId, idempotencyKey, ct) is { } earlier)
        {
            return Replay(earlier, hash);
        }

        // Cheap check first, so the common "already invited" answer queues nothing.
        await repository.EnsureEmailAvailableAsync(accountId, request.Email, ct);

        var now = time.GetUtcNow();
        var invitation = Invitation.Create(
            new NewInvitation(accountId, Guid.CreateVersion7(now), request.Email, request.DisplayName, request.Role, request.Message, request.Locale),
            caller.ToActor(),
            now,
            Options.Lifetime);
        var location = $"/api/accounts/{accountId}/invitations/{invitation.Id}";
        var view = JsonSerializer.SerializeToElement(InvitationView.From(invitation, now, Options.ResendPolicy), ApiJson.Options);
        var record = idempotencyKey is null
            ? null
            : new IdempotencyRecord(idempotencyKey, hash, invitation.Id, StatusCodes.Status201Created, location, view.GetRawText(), now);

        // Queue first, then write: the stored "email queued" is never a promise nobody keeps. If the write fails the
        // job names an invitation that does not exist, and the consumer drops it.
        await emailJobs.EnqueueAsync(InvitationEmailJobs.For(invitation, EmailJobKinds.Invitation), ct);
        try
        {
            await repository.CreateAsync(invitation, record, ct);
        }
        catch (IdempotencyKeyTakenException)
        {
            var winner = await repository.GetIdempotencyAsync(accountId, idempotencyKey!, ct)
                         ?? throw new ConcurrencyConflictException("The idempotency key is in use by a concurrent request.");
            return Replay(winner, hash);
        }

        LogCreated(logger, accountId, invitation.Id);
        return new CreateInvitationResult(StatusCodes.Status201Created, location, view, Replayed: false);
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

        var pageSize = DefaultPageSize;
        if (request.PageSize is not null &&
            (!int.TryParse(request.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > InvitationRepository.MaxPageSize))
        {
            errors.Add("pageSize", $"A whole number from 1 to {InvitationRepository.MaxPageSize}.");
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

        errors.ThrowIfAny();
        var page = await repository.ListAsync(accountId, new InvitationListQuery(statuses, email), pageSize, request.ContinuationToken, ct);
        var now = time.GetUtcNow();
        return new InvitationListView([.. page.Items.Select(i => InvitationView.From(i, now, Options.ResendPolicy))], page.ContinuationToken);
    }

    public async Task<InvitationView> GetAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        var stored = await repository.GetAsync(accountId, invitationId, ct) ?? throw ApiException.NotFound();
        return View(stored.Value);
    }

    /// <summary>Copy invitation link: re-derives the token (never stored) and records the copy.</summary>
    public async Task<InvitationLinkView> CopyLinkAsync(string accountId, Guid invitationId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await MutateAsync(accountId, invitationId, (invitation, now) =>
        {
            invitation.RecordLinkCopied(caller.ToActor(), now);
            return null;
        }, ct);
        var invitation = stored.Value;
        var url = Options.BuildLink(tokens.Create(invitation.AccountId, invitation.Id, invitation.LinkVersion));
        return new InvitationLinkView(url.AbsoluteUri, invitation.ExpiresAt.UtcDateTime);
    }

    /// <summary>Resend invitation link: the same link and expiry, emailed again (queued now, sent by the email feature).</summary>
    public async Task<InvitationView> ResendAsync(string accountId, Guid invitationId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await MutateAsync(accountId, invitationId, (invitation, now) =>
        {
            invitation.Resend(caller.ToActor(), now, Options.ResendPolicy);
            return InvitationEmailJobs.For(invitation, EmailJobKinds.Resend);
        }, ct);
        return View(stored.Value);
    }

    /// <summary>Send new invitation: a new link with a new window; the old link stops working.</summary>
    public async Task<InvitationView> ReissueAsync(string accountId, Guid invitationId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var stored = await MutateAsync(accountId, invitationId, (invitation, now) =>
        {
            invitation.Reissue(caller.ToActor(), now, Options.Lifetime);
            return InvitationEmailJobs.For(invitation, EmailJobKinds.Reissue);
        }, ct);
        return View(stored.Value);
    }

    /// <returns>The invitation, and whether this call revoked it (false: it was revoked before).</returns>
    public async Task<(InvitationView Invitation, bool Changed)> RevokeAsync(string accountId, Guid invitationId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var changed = false;
        var stored = await MutateAsync(accountId, invitationId, (invitation, now) =>
        {
            changed = invitation.Revoke(caller.ToActor(), now);
            return null;
        }, ct);
        return (View(stored.Value), changed);
    }

    /// <summary>Change the role of a pending or expired invitation (no email); the role must be one of Invitations__Roles.</summary>
    /// <returns>The invitation, and whether the role changed (false: it already had that role).</returns>
    public async Task<(InvitationView Invitation, bool Changed)> ChangeRoleAsync(
        string accountId, Guid invitationId, CallerIdentity caller, ChangeInvitationRoleRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var role = Options.RoleList.FirstOrDefault(r => string.Equals(r, body.Role?.Trim(), StringComparison.OrdinalIgnoreCase))
                   ?? throw ApiException.Validation("role", body.Role is null ? "Required." : $"Unknown role. Allowed: {string.Join(", ", Options.RoleList)}.");
        var changed = false;
        var stored = await MutateAsync(accountId, invitationId, (invitation, now) =>
        {
            changed = invitation.ChangeRole(caller.ToActor(), role, now);
            return null;
        }, ct);
        return (View(stored.Value), changed);
    }

    public async Task<HistoryView> GetHistoryAsync(string accountId, Guid invitationId, CancellationToken ct)
    {
        _ = await repository.GetAsync(accountId, invitationId, ct) ?? throw ApiException.NotFound();
        var events = await repository.GetHistoryAsync(accountId, invitationId, ct);
        return new HistoryView(invitationId, [.. events.Select(e => new HistoryEntryView(
            InvitationRows.EventName(e.Kind), new PersonView(e.Actor.Id, e.Actor.Name), e.At.UtcDateTime, e.LinkVersion, e.Details))]);
    }

    /// <summary>
    /// Read, apply, (queue,) write with the ETag. On a concurrent change the whole step runs again on fresh state,
    /// so the rules decide again (a revoke that lost to an accept becomes <c>invitation-accepted</c>).
    /// </summary>
    private async Task<Stored<Invitation>> MutateAsync(
        string accountId, Guid invitationId, Func<Invitation, DateTimeOffset, EmailJob?> apply, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await repository.GetAsync(accountId, invitationId, ct) ?? throw ApiException.NotFound();
            var job = apply(stored.Value, time.GetUtcNow());
            if (stored.Value.NewEvents.Count == 0)
            {
                return stored;
            }

            if (job is not null)
            {
                await emailJobs.EnqueueAsync(job, ct);
            }

            try
            {
                return await repository.UpdateAsync(stored, ct);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                LogRetry(logger, accountId, invitationId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), ct);
            }
        }
    }

    private InvitationView View(Invitation invitation) => InvitationView.From(invitation, time.GetUtcNow(), Options.ResendPolicy);

    private static CreateInvitationResult Replay(IdempotencyRecord earlier, string hash)
    {
        if (!string.Equals(earlier.RequestHash, hash, StringComparison.Ordinal))
        {
            throw new ApiException(new ApiProblem("idempotency-key-reused", StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was already used with a different body."));
        }

        using var body = JsonDocument.Parse(earlier.Body);
        return new CreateInvitationResult(earlier.StatusCode, earlier.Location ?? "", body.RootElement.Clone(), Replayed: true);
    }

    public static bool IsValidIdempotencyKey(string key) => IdempotencyKeyPattern().IsMatch(key);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex IdempotencyKeyPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {InvitationId} created in account {AccountId}")]
    private static partial void LogCreated(ILogger logger, string accountId, Guid invitationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {InvitationId} of account {AccountId} changed concurrently (attempt {Attempt}); retrying on fresh state")]
    private static partial void LogRetry(ILogger logger, string accountId, Guid invitationId, int attempt);
}
