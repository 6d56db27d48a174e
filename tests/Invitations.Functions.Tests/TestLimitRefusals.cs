using System.Diagnostics.Metrics;
using Invitations.Hosting.Telemetry;
using Invitations.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Invitations.Tests;

/// <summary>A <see cref="LimitRefusals"/> for tests that build an <c>ApiEndpoint</c> by hand.</summary>
internal static class TestLimitRefusals
{
    public static LimitRefusals Create(IOperationsTelemetry? telemetry = null, IMeterFactory? meters = null) =>
        new(
            telemetry ?? new RecordingOperationsTelemetry(),
            meters ?? new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(),
            NullLogger<LimitRefusals>.Instance);
}
