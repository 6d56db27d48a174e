namespace Invitations.Security;

public enum AuthMode
{
    /// <summary>Tokens signed with <see cref="AuthOptions.DevelopmentSigningKey"/> (local runs and tests only).</summary>
    Development,

    /// <summary>Tokens issued by Microsoft Entra ID, keys from the authority's OpenID configuration.</summary>
    Entra,
}
