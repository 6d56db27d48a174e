using Invitations.Email.Acs;
using Invitations.Email.DeliveryReports;
using Invitations.Email.Local;
using Invitations.Email.Rendering;
using Invitations.Email.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

public static class EmailExtensions
{
    /// <summary>
    /// Email options, templates and the sender: the ACS REST client when <c>Email__ConnectionString</c> (HMAC) or
    /// <c>Email__Endpoint</c> (managed identity) is set, otherwise the local .eml sender.
    /// </summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();

        builder.Services.AddSingleton<EmailTemplateStore>();
        builder.Services.AddSingleton<InvitationEmailRenderer>();
        builder.Services.AddSingleton<IEmailSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            var timeProvider = sp.GetRequiredService<TimeProvider>();
            return options.Value.UsesAcs
                ? new AcsEmailClient(options.Value, timeProvider, sp.GetRequiredService<ILogger<AcsEmailClient>>())
                : new LocalEmlEmailSender(options, timeProvider, sp.GetRequiredService<ILogger<LocalEmlEmailSender>>());
        });

        builder.Services.TryAddSingleton<EmailQueues>();
        builder.Services.AddSingleton<EmailPoisonReplayer>();

        // Storage side: the invitation as the dispatcher sees it, and message id → invitation for delivery reports.
        builder.Services.AddSingleton<EmailMessageIndex>();
        builder.Services.AddSingleton<IInvitationEmailSource, StoredInvitationEmailSource>();
        builder.Services.AddSingleton<IEmailDeliveryReportSink, StoredEmailDeliveryReportSink>();
        builder.Services.AddSingleton<InvitationEmailDispatcher>();
        builder.Services.AddSingleton<EmailDeliveryReportProcessor>();

        return builder;
    }
}
