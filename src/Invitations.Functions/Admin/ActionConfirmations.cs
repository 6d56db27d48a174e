using System.Text.Json;
using System.Text.Json.Nodes;
using Invitations.Admin.Confirmations;
using Invitations.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace Invitations.Admin;

/// <summary>
/// The confirmation of each admin action, from the invitation it answers with, in the language the request asked for.
/// Every email an action promises is only queued when the answer leaves, and the text says so.
/// </summary>
public static class ActionConfirmations
{
    public static string Language(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ConfirmationTexts.Negotiate(request.Headers.AcceptLanguage);
    }

    /// <summary>The created invitation (a stored JSON body, also when replayed) with its <c>confirmation</c> member.</summary>
    public static JsonNode Created(JsonElement invitation, string language)
    {
        var node = JsonSerializer.SerializeToNode(invitation, ApiJson.Options)!;
        var confirmation = ConfirmationTexts.Create(ConfirmationCodes.Created, language,
            ("email", invitation.GetProperty("email").GetString()!), ("expiresAt", invitation.GetProperty("expiresAt").GetDateTimeOffset()));
        node["confirmation"] = JsonSerializer.SerializeToNode(confirmation, ApiJson.Options);
        return node;
    }

    /// <summary>Resend's answer from the invitation (a stored JSON body, also when replayed): the email is queued, not yet sent.</summary>
    public static JsonNode Resent(JsonElement invitation, string language) => Action(invitation, ConfirmationCodes.Resent, language);

    /// <summary>Send new invitation's answer, as <see cref="Resent"/>.</summary>
    public static JsonNode Reissued(JsonElement invitation, string language) => Action(invitation, ConfirmationCodes.Reissued, language);

    public static InvitationView Revoked(InvitationView invitation, bool changed, string language)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return invitation with
        {
            Confirmation = ConfirmationTexts.Create(changed ? ConfirmationCodes.Revoked : ConfirmationCodes.AlreadyRevoked, language, ("email", invitation.Email)),
        };
    }

    public static InvitationView RoleChanged(InvitationView invitation, bool changed, string language)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return invitation with
        {
            Confirmation = ConfirmationTexts.Create(changed ? ConfirmationCodes.RoleChanged : ConfirmationCodes.RoleUnchanged, language,
                ("email", invitation.Email), ("role", invitation.Role)),
        };
    }

    /// <summary>The answer in <paramref name="language"/>: <c>Content-Language</c>, and <c>Vary</c> for caches that key on it.</summary>
    public static ApiJsonResult In(this ApiJsonResult result, string language)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.WithHeader("Content-Language", language).WithHeader("Vary", "Accept-Language");
    }

    /// <summary>The shape of <see cref="InvitationActionView"/>: the text, the invitation, and the confirmation.</summary>
    private static JsonObject Action(JsonElement invitation, string code, string language)
    {
        var confirmation = ConfirmationTexts.Create(code, language,
            ("email", invitation.GetProperty("email").GetString()!), ("expiresAt", invitation.GetProperty("expiresAt").GetDateTimeOffset()));
        return new JsonObject
        {
            ["message"] = confirmation.Message,
            ["invitation"] = JsonSerializer.SerializeToNode(invitation, ApiJson.Options),
            ["confirmation"] = JsonSerializer.SerializeToNode(confirmation, ApiJson.Options),
        };
    }
}
