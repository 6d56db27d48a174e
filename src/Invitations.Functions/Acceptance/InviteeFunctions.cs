using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.Acceptance;

/// <summary>
/// The invitee's endpoints. AuthorizationLevel.Anonymous on purpose: the JWT check in <see cref="ApiEndpoint"/> is the
/// guard (accept), and the preview is public by design (the link token is the secret).
/// </summary>
public sealed class InviteeFunctions(ApiEndpoint endpoint, InviteeService service)
{
    private const string PreviewRoute = "invitations/{token}";

    /// <summary>
    /// The path holds the token: problems and logs show this instead, the route template with its braces
    /// percent-encoded so that it is a valid URI reference (RFC 3986) as RFC 9457 requires of <c>instance</c>.
    /// </summary>
    public static readonly string RedactedPreviewPath = ApiRoutes.PathOf("invitations/%7Btoken%7D");

    [Function(nameof(PreviewInvitation))]
    public Task<IActionResult> PreviewInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PreviewRoute)] HttpRequest request,
        string token) =>
        endpoint.RunAnonymousAsync(
            request,
            async ct => new ApiJsonResult(await service.PreviewAsync(token, ct)),
            RedactedPreviewPath);

    [Function(nameof(AcceptInvitation))]
    public Task<IActionResult> AcceptInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "invitations/accept")] HttpRequest request) =>
        endpoint.RunAuthenticatedAsync(request, async (caller, ct) =>
            new ApiJsonResult(await service.AcceptAsync(caller, await ApiRequest.ReadJsonAsync<AcceptInvitationRequest>(request, ct), ct)));
}
