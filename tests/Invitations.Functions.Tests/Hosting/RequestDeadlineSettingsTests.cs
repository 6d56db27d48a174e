using System.Globalization;
using System.Text.Json;
using Invitations.Hosting.Http;
using Invitations.TestSupport;

namespace Invitations.Tests.Hosting;

/// <summary>The request deadline ends before the platform would cut the call off, in every place it is set.</summary>
public sealed class RequestDeadlineSettingsTests
{
    /// <summary>Azure's HTTP front end drops a request that has not answered in 230 seconds, whatever functionTimeout says.</summary>
    private static readonly TimeSpan FrontEndLimit = TimeSpan.FromSeconds(230);

    [Fact]
    public void The_largest_allowed_deadline_is_below_functionTimeout_and_the_front_end_limit()
    {
        var max = TimeSpan.Parse(ApiOptions.MaxRequestDeadline, CultureInfo.InvariantCulture);

        Assert.True(max < FunctionTimeout(), $"{max} is not below host.json functionTimeout {FunctionTimeout()}");
        Assert.True(max < FrontEndLimit);
        Assert.True(new ApiOptions().RequestDeadline <= max);
    }

    [Fact]
    public void The_sample_and_the_bicep_set_a_deadline_within_the_bounds()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")));
        var local = TimeSpan.Parse(sample.RootElement.GetProperty("Values").GetProperty("Api__RequestDeadline").GetString()!, CultureInfo.InvariantCulture);
        var bicep = File.ReadAllLines(RepositoryPaths.Combine("infra", "modules", "functionapp.bicep"))
            .Select(line => line.Trim()).Single(line => line.StartsWith("Api__RequestDeadline:", StringComparison.Ordinal));
        var azure = TimeSpan.Parse(bicep.Split('\'')[1], CultureInfo.InvariantCulture);

        foreach (var deadline in new[] { local, azure })
        {
            Assert.InRange(deadline, TimeSpan.FromSeconds(1), TimeSpan.Parse(ApiOptions.MaxRequestDeadline, CultureInfo.InvariantCulture));
        }
    }

    private static TimeSpan FunctionTimeout()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("host.json")));
        return TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);
    }
}
