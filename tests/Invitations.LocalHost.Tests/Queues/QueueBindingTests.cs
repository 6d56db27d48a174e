using Azure.Storage.Queues.Models;
using Invitations.LocalHost.Http;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Invitations.LocalHost.Tests.Queues;

/// <summary>How queue-trigger parameters bind to a received message, and which parameters refuse to bind.</summary>
public sealed class QueueBindingTests
{
    public sealed record Job(string Text, int Attempt);

    public sealed class Targets
    {
        public static object?[] Text(string message, string id, long dequeueCount, DateTimeOffset? insertionTime, string popReceipt, string queueTrigger) =>
            [message, id, dequeueCount, insertionTime, popReceipt, queueTrigger];

        public static object?[] Bytes(byte[] message, int dequeueCount) => [message, dequeueCount];

        public static object?[] Binary(BinaryData message, CancellationToken cancellationToken) => [message, cancellationToken.CanBeCanceled];

        public static object?[] Raw(QueueMessage message) => [message];

        public static object?[] Poco(Job message) => [message];

        public static object?[] Unknown(string message, string somethingElse) => [message, somethingElse];

        public static object?[] NotInRoute(HttpRequest request, Guid id) => [request, id];
    }

    private static readonly DateTimeOffset Inserted = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static FunctionDescriptor Describe(string method, string trigger = """{ "name": "message", "type": "queueTrigger", "queueName": "%Q%", "connection": "C" }""")
    {
        var metadata = FunctionMetadataReader.Parse($$"""
            [ { "name": "{{method}}", "scriptFile": "Invitations.LocalHost.Tests.dll",
                "entryPoint": "Invitations.LocalHost.Tests.Queues.QueueBindingTests.Targets.{{method}}", "bindings": [ {{trigger}} ] } ]
            """);
        return Assert.Single(FunctionCatalog.Resolve(metadata, typeof(QueueBindingTests).Assembly));
    }

    private static QueueFunction Create(string method) =>
        QueueFunction.Create(
            Describe(method),
            new SettingResolver(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Q", (string?)"Jobs")]).Build()),
            (_, _) => "UseDevelopmentStorage=true");

    private static async Task<object?[]> InvokeAsync(string method, string body)
    {
        var function = Create(method);
        var data = BinaryData.FromString(body);
        var message = QueuesModelFactory.QueueMessage("m-1", "pop-1", "raw", 2, Inserted.AddMinutes(1), Inserted, Inserted.AddDays(7));
        using var cancellation = new CancellationTokenSource();
        await using var services = new ServiceCollection().BuildServiceProvider();
        var invocation = new LocalInvocation(function.Function, services, (message, data), QueueFunction.BindingData(message, data), cancellation.Token);
        return (object?[])(await function.Invoker.InvokeAsync(invocation))!;
    }

    [Fact]
    public async Task String_body_and_binding_data_bind_by_name()
    {
        var args = await InvokeAsync(nameof(Targets.Text), "hello");

        Assert.Equal(["hello", "m-1", 2L, (DateTimeOffset?)Inserted, "pop-1", "hello"], args);
    }

    [Fact]
    public async Task Bytes_and_a_narrower_dequeue_count_bind()
    {
        var args = await InvokeAsync(nameof(Targets.Bytes), "hi");

        Assert.Equal("hi"u8.ToArray(), (byte[])args[0]!);
        Assert.Equal(2, args[1]);
    }

    [Fact]
    public async Task Binary_data_and_the_cancellation_token_bind()
    {
        var args = await InvokeAsync(nameof(Targets.Binary), "bin");

        Assert.Equal("bin", args[0]!.ToString());
        Assert.Equal(true, args[1]);
    }

    [Fact]
    public async Task A_queue_message_carries_the_decoded_body_and_the_message_properties()
    {
        var message = (QueueMessage)(await InvokeAsync(nameof(Targets.Raw), "decoded"))[0]!;

        Assert.Equal("decoded", message.Body.ToString());
        Assert.Equal("m-1", message.MessageId);
        Assert.Equal(2, message.DequeueCount);
    }

    [Fact]
    public async Task A_poco_binds_from_camel_case_json_case_insensitively()
    {
        var job = (Job)(await InvokeAsync(nameof(Targets.Poco), """{"TEXT":"send","attempt":3}"""))[0]!;

        Assert.Equal(new Job("send", 3), job);
    }

    [Fact]
    public void The_queue_name_is_resolved_and_lower_cased_with_its_poison_queue()
    {
        var function = Create(nameof(Targets.Text));

        Assert.Equal("jobs", function.QueueName);
        Assert.Equal("jobs-poison", function.PoisonQueueName);
    }

    [Fact]
    public void A_parameter_without_a_binding_fails_at_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Create(nameof(Targets.Unknown)));

        Assert.Contains("somethingElse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_parameter_that_is_not_in_the_route_fails_at_start()
    {
        var function = Describe(nameof(Targets.NotInRoute), """{ "name": "request", "type": "httpTrigger", "methods": ["get"], "route": "things" }""");

        var ex = Assert.Throws<InvalidOperationException>(() => HttpFunction.Create(function, "api"));

        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
    }
}
