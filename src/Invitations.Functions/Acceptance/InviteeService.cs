using Invitations.Accounts;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.Extensions.Logging;

namespace Invitations.Acceptance;

/// <summary>Body of <c>POST /invitations/accept</c>.</summary>
public sealed record AcceptInvitationRequest(string? Token);

/// <summary>What the accept page shows. No ids of the inviter, no link.</summary>
public sealed record InvitationPreview(
    string AccountId,
    string AccountName,
    string InvitedBy,
    string Email,
    string? DisplayName,
    string Role,
    InvitationStatus Status,
    DateTime ExpiresAt,
    DateTime? AcceptedAt);

/// <summary>
/// The invitee's side: preview a link (anonymous, read-only: mail scanners follow links) and accept it
/// (authenticated, email claim must match).
/// </summary>
public sealed partial class InviteeService(
    InvitationStore store,
    InvitationWriter writer,
    InvitationLinkTokens tokens,
    IAccountDirectory accounts,
    TimeProvider time,
    ILogger<InviteeService> logger)
{
    /// <summary>A GET never changes state: it only reads and checks.</summary>
    public async Task<InvitationPreview> PreviewAsync(string? token, CancellationToken ct)
    {
        var (claims, stored) = await ResolveAsync(token, ct);
        var invitation = stored.Value;
        invitation.EnsureCurrentVersion(claims.LinkVersion);
        if (invitation.StatusAt(time.GetUtcNow()) != InvitationStatus.Accepted)
        {
            invitation.EnsureLinkActive(time.GetUtcNow());
        }

        return await PreviewOfAsync(invitation, ct);
    }

    public async Task<InvitationPreview> AcceptAsync(CallerIdentity caller, AcceptInvitationRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body.Token))
        {
            throw ApiException.Validation("token", "Required.");
        }

        var (claims, stored) = await ResolveAsync(body.Token, ct);
        var written = await writer.ChangeAsync(
            claims.AccountId,
            claims.InvitationId,
            (invitation, now) => invitation.Accept(caller.ToActor(), caller.Email, claims.LinkVersion, now),
            new InvitationWriteOptions { Known = stored },
            ct);
        if (written.Changed)
        {
            LogAccepted(logger, claims.AccountId, claims.InvitationId);
        }

        return await PreviewOfAsync(written.Invitation, ct);
    }

    private async Task<(LinkTokenClaims Claims, Stored<Invitation> Stored)> ResolveAsync(string? token, CancellationToken ct)
    {
        // Tampered, unknown key, malformed, or an invitation that does not exist: one answer, no detail.
        if (!tokens.TryVerify(token, out var claims) || !ApiEndpoint.IsValidAccountId(claims!.AccountId))
        {
            throw InvalidToken();
        }

        var stored = await store.GetAsync(claims.AccountId, claims.InvitationId, ct) ?? throw InvalidToken();
        return (claims, stored);
    }

    private async Task<InvitationPreview> PreviewOfAsync(Invitation invitation, CancellationToken ct)
    {
        var account = await accounts.GetAsync(invitation.AccountId, ct);
        var status = invitation.StatusAt(time.GetUtcNow());
        return new InvitationPreview(
            account.Id,
            account.Name,
            invitation.InvitedBy.DisplayName,
            invitation.Email.Value,
            invitation.DisplayName,
            invitation.Role,
            status,
            invitation.ExpiresAt.UtcDateTime,
            status == InvitationStatus.Accepted ? invitation.ClosedAt?.UtcDateTime : null);
    }

    private static InvitationRuleException InvalidToken() =>
        new(InvitationErrorCodes.InvalidToken, "The invitation link is not valid.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {InvitationId} of account {AccountId} accepted")]
    private static partial void LogAccepted(ILogger logger, string accountId, Guid invitationId);
}
