using Microsoft.Extensions.Options;

namespace Invitations.Events;

/// <summary>Cross-field checks; messages never echo the key.</summary>
internal sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.UsesEventGrid)
        {
            if (!Uri.TryCreate(options.TopicEndpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add("Events:TopicEndpoint must be an absolute URL.");
            }
            else if (string.IsNullOrWhiteSpace(options.TopicKey) && endpoint.Scheme != Uri.UriSchemeHttps)
            {
                // Bearer tokens are only sent over TLS (Azure.Core refuses otherwise).
                failures.Add("Events:TopicEndpoint must be https when no Events:TopicKey is set (managed identity).");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.TopicKey))
        {
            failures.Add("Events:TopicKey is set but Events:TopicEndpoint is not.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("Events:MaxRetryDelay must not be shorter than Events:RetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
