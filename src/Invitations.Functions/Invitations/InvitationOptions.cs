using System.ComponentModel.DataAnnotations;

namespace Invitations.Invitations;

/// <summary>Invitation rules that operators can tune (section <c>Invitations</c>).</summary>
public sealed class InvitationOptions : IValidatableObject
{
    public const string SectionName = "Invitations";

    /// <summary>How long a link works after its send date. Default 7 days.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Base URL of the admin portal; links are <c>{PortalBaseUrl}/invitations/accept?token=…</c>.</summary>
    [Required]
    public Uri? PortalBaseUrl { get; set; }

    /// <summary>Allowed roles, comma separated; the first is the default.</summary>
    [Required]
    public string Roles { get; set; } = "member";

    public IReadOnlyList<string> RoleList =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string DefaultRole => RoleList[0];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lifetime < TimeSpan.FromSeconds(1) || Lifetime > TimeSpan.FromDays(90))
        {
            yield return new ValidationResult("Invitations__Lifetime must be between 00:00:01 and 90.00:00:00.", [nameof(Lifetime)]);
        }

        if (PortalBaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Invitations__PortalBaseUrl must be an absolute http(s) URL.", [nameof(PortalBaseUrl)]);
        }

        if (RoleList.Count == 0)
        {
            yield return new ValidationResult("Invitations__Roles must list at least one role.", [nameof(Roles)]);
        }
    }

    /// <summary>The accept link for a token.</summary>
    public Uri BuildLink(string token) =>
        new($"{PortalBaseUrl!.AbsoluteUri.TrimEnd('/')}/invitations/accept?token={Uri.EscapeDataString(token)}");
}
