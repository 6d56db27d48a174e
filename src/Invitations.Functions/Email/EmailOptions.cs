using System.ComponentModel.DataAnnotations;

namespace Invitations.Email;

/// <summary>
/// Settings of section <c>Email</c>. With <see cref="ConnectionString"/> the ACS client signs with HMAC; with only
/// <see cref="Endpoint"/> it uses a managed identity; with neither, emails are written as .eml files locally.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>ACS endpoint for managed-identity access, e.g. <c>https://contoso.communication.azure.com</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>ACS connection string <c>endpoint=…;accesskey=…</c> (a secret: Key Vault reference in Azure).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses <c>DefaultAzureCredential</c>.</summary>
    public string? ClientId { get; set; }

    [Required]
    [EmailAddress]
    public string SenderAddress { get; set; } = "DoNotReply@localhost";

    /// <summary>Optional reply-to address (empty: none).</summary>
    public string? ReplyTo { get; set; }

    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string ProductName { get; set; } = "Invitations";

    /// <summary>Secret expected in the Event Grid delivery-report webhook URL.</summary>
    public string? DeliveryReportSecret { get; set; }

    /// <summary>Retries inside one send (5xx, timeouts). 429 is never retried in-process: the queue waits instead.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait used when a 429 carries no usable Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DefaultThrottleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Must equal host.json <c>extensions.queues.maxDequeueCount</c>: the last delivery records the send as failed.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// How long a job whose send is not on the invitation yet is retried (the API queues before it writes, so the
    /// write may still be landing) before it is dropped as an orphan. Also bounded by <see cref="MaxDequeueCount"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>True when an ACS endpoint is configured (either way); false selects the local .eml sender.</summary>
    public bool UsesAcs => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>
    /// How long a send stays claimed by the delivery that recorded <c>sending</c>: the longest its POST can take (every
    /// try timing out, with the delays between). Until then another delivery leaves it alone; after it, the claim is
    /// taken as crashed, and the next delivery asks ACS before it claims again.
    /// </summary>
    public TimeSpan SendClaimLease => (NetworkTimeout * (MaxRetries + 1)) + (MaxRetryDelay * MaxRetries) + TimeSpan.FromSeconds(5);
}
