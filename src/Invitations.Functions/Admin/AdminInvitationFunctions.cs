using Invitations.Hosting.Http;
using Invitations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Admin;

/// <summary>
/// The admin API of the Users page. Every function runs through <see cref="ApiEndpoint"/> (bearer JWT, admin role,
/// account claim, one error mapping). AuthorizationLevel.Anonymous is deliberate: a function key held by a browser app
/// is not a secret, so the JWT check is the guard (docs/api.md explains how to add APIM or Easy Auth in front).
/// </summary>
public sealed class AdminInvitationFunctions(ApiEndpoint endpoint, InvitationAdminService service)
{
    private const string Invitations = "accounts/{accountId}/invitations";
    private const string Invitation = Invitations + "/{invitationId}";

    [Function(nameof(CreateInvitation))]
    public Task<IActionResult> CreateInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Invitations)] HttpRequest request, string accountId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
        {
            var body = await ApiRequest.ReadJsonAsync<CreateInvitationRequest>(request, ct);
            var result = await service.CreateAsync(accountId, caller, body, IdempotencyKey(request), ct);
            var language = ActionConfirmations.Language(request);
            var response = new ApiJsonResult(ActionConfirmations.Created(result.Body, language), StatusCodes.Status201Created)
                .In(language)
                .WithHeader("Location", ApiRoutes.PathOf($"accounts/{accountId}/invitations/{result.InvitationId}"));
            return result.Replayed ? response.WithHeader("Idempotent-Replayed", "true") : response;
        });

    [Function(nameof(ListInvitations))]
    public Task<IActionResult> ListInvitations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Invitations)] HttpRequest request, string accountId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (_, ct) =>
        {
            var list = new InvitationListRequest(
                ApiQuery.All(request, "status"),
                ApiQuery.Optional(request, "email"),
                ApiQuery.PageSize(request, InvitationAdminService.DefaultPageSize, InvitationStore.MaxPageSize),
                ApiQuery.Optional(request, "continuationToken"),
                ApiQuery.AsSent(request, "orderBy"));
            return new ApiJsonResult(await service.ListAsync(accountId, list, ct));
        });

    /// <summary>Counts per status for the Users page; pending past its window counts as expired.</summary>
    [Function(nameof(GetInvitationSummary))]
    public Task<IActionResult> GetInvitationSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Invitations + "/summary")] HttpRequest request, string accountId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (_, ct) => new ApiJsonResult(await service.SummaryAsync(accountId, ct)));

    [Function(nameof(GetInvitation))]
    public Task<IActionResult> GetInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Invitation)] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (_, ct) =>
            new ApiJsonResult(await service.GetAsync(accountId, ApiEndpoint.ParseInvitationId(invitationId), ct)));

    [Function(nameof(CopyInvitationLink))]
    public Task<IActionResult> CopyInvitationLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Invitation + "/link")] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
            new ApiJsonResult(await service.CopyLinkAsync(accountId, ApiEndpoint.ParseInvitationId(invitationId), caller, ct)));

    [Function(nameof(ResendInvitation))]
    public Task<IActionResult> ResendInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Invitation + "/resend")] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
        {
            var result = await service.ResendAsync(accountId, ApiEndpoint.ParseInvitationId(invitationId), caller, IdempotencyKey(request), ct);
            var language = ActionConfirmations.Language(request);
            return Accepted(ActionConfirmations.Resent(result.Invitation, language), result.Replayed, language);
        });

    [Function(nameof(ReissueInvitation))]
    public Task<IActionResult> ReissueInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Invitation + "/reissue")] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
        {
            var result = await service.ReissueAsync(accountId, ApiEndpoint.ParseInvitationId(invitationId), caller, IdempotencyKey(request), ct);
            var language = ActionConfirmations.Language(request);
            return Accepted(ActionConfirmations.Reissued(result.Invitation, language), result.Replayed, language);
        });

    [Function(nameof(RevokeInvitation))]
    public Task<IActionResult> RevokeInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Invitation + "/revoke")] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
        {
            var (invitation, changed) = await service.RevokeAsync(accountId, ApiEndpoint.ParseInvitationId(invitationId), caller, ct);
            var language = ActionConfirmations.Language(request);
            return new ApiJsonResult(ActionConfirmations.Revoked(invitation, changed, language)).In(language);
        });

    /// <summary>Change the role of a pending or expired invitation: <c>{"role": "admin"}</c>.</summary>
    [Function(nameof(ChangeInvitationRole))]
    public Task<IActionResult> ChangeInvitationRole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Invitation)] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (caller, ct) =>
        {
            var id = ApiEndpoint.ParseInvitationId(invitationId);
            var body = await ApiRequest.ReadJsonAsync<ChangeInvitationRoleRequest>(request, ct);
            var (invitation, changed) = await service.ChangeRoleAsync(accountId, id, caller, body, ct);
            var language = ActionConfirmations.Language(request);
            return new ApiJsonResult(ActionConfirmations.RoleChanged(invitation, changed, language)).In(language);
        });

    [Function(nameof(GetInvitationHistory))]
    public Task<IActionResult> GetInvitationHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Invitation + "/history")] HttpRequest request, string accountId, string invitationId) =>
        endpoint.RunAsAccountAdminAsync(request, accountId, async (_, ct) =>
            new ApiJsonResult(await service.GetHistoryAsync(
                accountId,
                ApiEndpoint.ParseInvitationId(invitationId),
                new HistoryRequest(
                    ApiQuery.PageSize(request, InvitationAdminService.DefaultPageSize, InvitationStore.MaxPageSize),
                    ApiQuery.Optional(request, "continuationToken")),
                ct)));

    private static string? IdempotencyKey(HttpRequest request) =>
        request.Headers.TryGetValue(InvitationAdminService.IdempotencyHeader, out var values) ? values.ToString() : null;

    private static ApiJsonResult Accepted(object body, bool replayed, string language)
    {
        var response = new ApiJsonResult(body, StatusCodes.Status202Accepted).In(language);
        return replayed ? response.WithHeader("Idempotent-Replayed", "true") : response;
    }
}
