using System.ComponentModel.DataAnnotations;

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
