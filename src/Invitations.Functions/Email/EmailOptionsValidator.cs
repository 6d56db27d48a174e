using System.ComponentModel.DataAnnotations;
using Invitations.Email.Acs;
using Microsoft.Extensions.Options;

namespace Invitations.Email;

/// <summary>Cross-field checks data annotations cannot express; messages never echo the secret values.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (!AcsConnectionString.TryParse(options.ConnectionString, out _, out var error))
            {
                failures.Add($"Email:ConnectionString is invalid: {error}");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            // Bearer tokens are only sent over TLS (Azure.Core refuses otherwise).
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add("Email:Endpoint must be an absolute https URL.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ReplyTo) && !new EmailAddressAttribute().IsValid(options.ReplyTo))
        {
            failures.Add("Email:ReplyTo must be an email address.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("Email:MaxRetryDelay must not be shorter than Email:RetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
