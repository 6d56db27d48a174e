using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Invitations.Invitations;

public static class InvitationRulesExtensions
{
    /// <summary>Invitation rules and link tokens, with their options validated at start.</summary>
    public static IHostApplicationBuilder AddInvitationRules(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<InvitationOptions>()
            .BindConfiguration(InvitationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<LinkSigningOptions>()
            .BindConfiguration(LinkSigningOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LinkSigningOptions>, LinkSigningOptionsValidator>());
        builder.Services.AddSingleton<InvitationLinkTokens>();

        return builder;
    }
}
