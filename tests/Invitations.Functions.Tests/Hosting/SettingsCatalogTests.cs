using System.Reflection;
using System.Text.Json;
using Invitations.Email;
using Invitations.Events;
using Invitations.Expiry;
using Invitations.Hosting.LocalData;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Invitations.TestSupport;

namespace Invitations.Tests.Hosting;

/// <summary>
/// Every option the code binds has a line in local.settings.sample.json (Infra tests then check the Bicep sets the
/// same names), so a new option can't ship without a documented local value and an Azure value.
/// </summary>
public sealed class SettingsCatalogTests
{
    // Bound from somewhere other than "Section__Property", each with its reason.
    private static readonly HashSet<string> BoundElsewhere = new(StringComparer.Ordinal)
    {
        "Expiry__Schedule", // the top-level ExpirySweepSchedule, which the timer binds as %ExpirySweepSchedule%
        "LinkSigning__Keys", // one LinkSigning__Keys__{keyId} per key
    };

    public static TheoryData<Type, string> BoundOptions => new()
    {
        { typeof(StorageOptions), StorageOptions.SectionName },
        { typeof(InvitationOptions), InvitationOptions.SectionName },
        { typeof(LinkSigningOptions), LinkSigningOptions.SectionName },
        { typeof(AuthOptions), AuthOptions.SectionName },
        { typeof(EmailOptions), EmailOptions.SectionName },
        { typeof(ExpiryOptions), ExpiryOptions.SectionName },
        { typeof(ApiOptions), ApiOptions.SectionName },
        { typeof(LocalDataOptions), LocalDataOptions.SectionName },
        { typeof(EventsOptions), EventsOptions.SectionName },
    };

    [Theory]
    [MemberData(nameof(BoundOptions))]
    public void Every_bound_option_is_in_the_local_settings_sample(Type options, string section)
    {
        var sample = SampleSettingNames();
        var missing = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .Select(p => $"{section}__{p.Name}")
            .Where(name => !BoundElsewhere.Contains(name) && !sample.Contains(name))
            .ToList();

        Assert.True(missing.Count == 0, "Add to local.settings.sample.json (and infra/modules/functionapp.bicep): " + string.Join(", ", missing));
    }

    [Fact]
    public void Settings_bound_elsewhere_are_in_the_sample_under_their_own_names()
    {
        var sample = SampleSettingNames();

        Assert.Contains(ExpiryOptions.ScheduleSettingName, sample);
        Assert.Contains(sample, name => name.StartsWith("LinkSigning__Keys__", StringComparison.Ordinal));
    }

    private static HashSet<string> SampleSettingNames()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }
}
