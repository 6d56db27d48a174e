using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Invitations.LocalHost.Invocation;
using Invitations.LocalHost.Metadata;

namespace Invitations.LocalHost.Queues;

/// <summary>A queue-triggered function: its resolved queue and connection, and how its parameters bind to a message.</summary>
internal sealed class QueueFunction
{
    // The worker's default serializer: web defaults (camelCase, case-insensitive).
    private static readonly JsonSerializerOptions PocoOptions = new(JsonSerializerDefaults.Web);

    private QueueFunction(FunctionDescriptor function, string queueName, string connectionName, string connectionString)
    {
        Function = function;
        QueueName = queueName;
        ConnectionName = connectionName;
        ConnectionString = connectionString;
        Invoker = new FunctionInvoker(function, parameter => Bind(parameter, function.Trigger.Name));
    }

    public FunctionDescriptor Function { get; }
    public string QueueName { get; }
    public string PoisonQueueName => QueueName + "-poison";
    public string ConnectionName { get; }
    public string ConnectionString { get; }
    public FunctionInvoker Invoker { get; }

    public static QueueFunction Create(FunctionDescriptor function, SettingResolver settings, Func<string?, string, string> resolveConnection)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(resolveConnection);
        var usedBy = $"Function '{function.Name}'";
        var queueName = settings.Resolve(
            function.Trigger.GetString("queueName") ?? throw new InvalidOperationException($"{usedBy} has a queue trigger without queueName."),
            usedBy).ToLowerInvariant();
        var connectionName = function.Trigger.GetString("connection") ?? "";
        var connectionString = resolveConnection(connectionName, usedBy);
        try
        {
            _ = new QueueServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The value itself may hold a key: name the setting only.
            throw new InvalidOperationException($"{usedBy}: the connection '{connectionName}' is not a valid storage connection string.", ex);
        }

        return new QueueFunction(function, queueName, connectionName, connectionString);
    }

    /// <summary>Binding data of a message, under the names the host uses.</summary>
    public static Dictionary<string, object?> BindingData(QueueMessage message, BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(body);
        return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["queueTrigger"] = body.ToString(),
            ["id"] = message.MessageId,
            ["dequeueCount"] = message.DequeueCount,
            ["insertionTime"] = message.InsertedOn,
            ["expirationTime"] = message.ExpiresOn,
            ["nextVisibleTime"] = message.NextVisibleOn,
            ["popReceipt"] = message.PopReceipt,
        };
    }

    private static ParameterBinder? Bind(ParameterInfo parameter, string triggerName)
    {
        var type = parameter.ParameterType;
        if (parameter.Name == triggerName || type == typeof(QueueMessage))
        {
            return BindBody(type);
        }

        var name = parameter.Name!;
        return name.ToUpperInvariant() switch
        {
            "QUEUETRIGGER" or "ID" or "DEQUEUECOUNT" or "INSERTIONTIME" or "EXPIRATIONTIME" or "NEXTVISIBLETIME" or "POPRECEIPT" =>
                invocation => BindingValueConverter.Convert(invocation.BindingData[name], type),
            _ => null,
        };
    }

    private static ParameterBinder BindBody(Type type)
    {
        if (type == typeof(QueueMessage))
        {
            return invocation =>
            {
                var (message, body) = ((QueueMessage, BinaryData))invocation.TriggerValue!;
                return QueuesModelFactory.QueueMessage(
                    message.MessageId, message.PopReceipt, body, message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
            };
        }

        if (type == typeof(string))
        {
            return invocation => Body(invocation).ToString();
        }

        if (type == typeof(byte[]))
        {
            return invocation => Body(invocation).ToArray();
        }

        if (type == typeof(BinaryData))
        {
            return invocation => Body(invocation);
        }

        return invocation => JsonSerializer.Deserialize(Body(invocation).ToMemory().Span, type, PocoOptions);
    }

    private static BinaryData Body(LocalInvocation invocation) => (((QueueMessage, BinaryData))invocation.TriggerValue!).Item2;
}
