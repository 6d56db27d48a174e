using System.ComponentModel.DataAnnotations;

namespace Invitations.Storage;

/// <summary>
/// Names of the app's own tables and queues (section <c>Storage</c>). The account itself is the
/// connection named <see cref="StorageConnection.Name"/>, which the queue trigger binds to as well.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Prefix for every table the app owns; lets several environments share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$")]
    public string TablePrefix { get; set; } = "";
}
