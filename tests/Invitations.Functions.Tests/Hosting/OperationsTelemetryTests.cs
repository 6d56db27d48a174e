using System.Collections.Concurrent;
using Invitations.Hosting;
using Invitations.Hosting.Telemetry;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.Channel.Implementation;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Invitations.Tests.Hosting;

/// <summary>The operations-event seam: the Application Insights implementation, sampling, and which one DI picks.</summary>
public sealed class OperationsTelemetryTests
{
    /// <summary>Keeps what the client sends; nothing leaves the process.</summary>
    private sealed class InMemoryChannel : ITelemetryChannel
    {
        public ConcurrentQueue<ITelemetry> Sent { get; } = new();
        public bool? DeveloperMode { get; set; }
        public string EndpointAddress { get; set; } = "http://127.0.0.1:9/unused";
        public void Send(ITelemetry item) => Sent.Enqueue(item);
        public void Flush() { }
        public void Dispose() { }
    }

    private sealed class Collect(ConcurrentQueue<ITelemetry> sink) : ITelemetryProcessor
    {
        public void Process(ITelemetry item) => sink.Enqueue(item);
    }

    private static readonly Dictionary<string, string> Properties = new() { ["runId"] = "r1", ["outcome"] = "failed", ["backlogRemaining"] = "true" };
    private static readonly Dictionary<string, double> Metrics = new() { ["ExpiryRun.Expired"] = 7, ["ExpiryRun.Errors"] = 2 };

    [Fact]
    public void Application_Insights_sends_one_custom_event_and_one_custom_metric_per_value()
    {
        var channel = new InMemoryChannel();
        using var configuration = new TelemetryConfiguration { TelemetryChannel = channel, ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/" };
        var client = new TelemetryClient(configuration);
        var telemetry = new ApplicationInsightsOperationsTelemetry(client);

        telemetry.TrackEvent("ExpiryRunCompleted", Properties, Metrics);
        client.Flush(); // Also flushes the pre-aggregated metrics.

        var sent = channel.Sent.ToList();
        var evt = Assert.Single(sent.OfType<EventTelemetry>());
        Assert.Equal("ExpiryRunCompleted", evt.Name);
        Assert.Equal(Properties, evt.Properties.ToDictionary());
        Assert.Equal(Metrics, evt.Metrics.ToDictionary());
        var metrics = sent.OfType<MetricTelemetry>().ToDictionary(m => m.Name);
        Assert.Equal(["ExpiryRun.Errors", "ExpiryRun.Expired"], metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, metrics["ExpiryRun.Expired"].Sum);
        Assert.Equal(1, metrics["ExpiryRun.Expired"].Count);
        Assert.Equal(2, metrics["ExpiryRun.Errors"].Sum);
    }

    [Fact]
    public void Worker_sampling_drops_traces_but_never_custom_events()
    {
        var passed = new ConcurrentQueue<ITelemetry>();
        // Forced to 1% from the start, as under heavy load.
        using var sampling = new EventsNotSampledProcessor(new Collect(passed),
            new SamplingPercentageEstimatorSettings { InitialSamplingPercentage = 1, MinSamplingPercentage = 1, MaxSamplingPercentage = 1 });

        for (var i = 0; i < 500; i++)
        {
            sampling.Process(new EventTelemetry("ExpiryRunCompleted"));
            sampling.Process(new TraceTelemetry("noise " + i));
        }

        Assert.Equal(500, passed.OfType<EventTelemetry>().Count());
        Assert.InRange(passed.OfType<TraceTelemetry>().Count(), 0, 100);
    }

    private static HostApplicationBuilder Builder()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["InvitationsStorage"] = "UseDevelopmentStorage=true",
            ["ExpirySweepSchedule"] = "0 */5 * * * *",
            ["Invitations:PortalBaseUrl"] = "http://localhost:3000",
            ["LinkSigning:ActiveKeyId"] = "local-1",
            ["LinkSigning:Keys:local-1"] = Convert.ToBase64String(new byte[32]),
            ["Auth:Mode"] = "Development",
            ["Auth:Issuer"] = "https://invitations.local/dev",
            ["Auth:Audience"] = "api://invitations-local",
            ["Auth:DevelopmentSigningKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()),
        });
        return builder;
    }

    [Fact]
    public void The_app_alone_uses_the_logging_default()
    {
        var builder = Builder();
        builder.AddInvitationsApp();
        using var host = builder.Build();

        Assert.IsType<LoggingOperationsTelemetry>(host.Services.GetRequiredService<IOperationsTelemetry>());
        Assert.Null(host.Services.GetService<TelemetryClient>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Azure_monitoring_replaces_the_default_with_Application_Insights_in_either_order(bool monitoringFirst)
    {
        var builder = Builder();
        if (monitoringFirst)
        {
            builder.AddAzureMonitoring();
            builder.AddInvitationsApp();
        }
        else
        {
            builder.AddInvitationsApp();
            builder.AddAzureMonitoring();
        }

        using var host = builder.Build();

        Assert.IsType<ApplicationInsightsOperationsTelemetry>(host.Services.GetRequiredService<IOperationsTelemetry>());
        Assert.Single(host.Services.GetServices<IOperationsTelemetry>());
        Assert.NotNull(host.Services.GetRequiredService<TelemetryClient>());
        // The SDK's own adaptive sampling is off; ours, which spares events, is in the chain.
        var processors = host.Services.GetRequiredService<TelemetryConfiguration>().DefaultTelemetrySink.TelemetryProcessors;
        Assert.Contains(processors, p => p is EventsNotSampledProcessor);
        Assert.DoesNotContain(processors, p => p is AdaptiveSamplingTelemetryProcessor);
    }
}
