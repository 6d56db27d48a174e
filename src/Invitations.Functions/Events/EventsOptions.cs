using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Invitations.Events;

/// <summary>
/// Settings of section <c>Events</c>. With <see cref="TopicEndpoint"/> the relay publishes to that Event Grid topic
/// (with <see cref="TopicKey"/> as the <c>aeg-sas-key</c> header, else with a managed identity); with no endpoint, each
/// event is written as a JSON file under the local data folder's <c>events/</c> (<c>LocalData__Directory</c>).
/// </summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>Event Grid topic endpoint, e.g. <c>https://evgt-x.swedencentral-1.eventgrid.azure.net/api/events</c>.</summary>
    public string? TopicEndpoint { get; set; }

    /// <summary>Topic access key (a secret; local and test use). Empty: the managed identity (role EventGrid Data Sender).</summary>
    public string? TopicKey { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses <c>DefaultAzureCredential</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Events per publish; each batch is deleted with the relay's lease in one transaction (at most 100 rows).</summary>
    [Range(1, 99)]
    public int BatchSize { get; set; } = 50;

    /// <summary>First wait after a failed publish; doubled per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when an Event Grid topic is configured; false selects the local file publisher.</summary>
    public bool UsesEventGrid => !string.IsNullOrWhiteSpace(TopicEndpoint);
}

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
