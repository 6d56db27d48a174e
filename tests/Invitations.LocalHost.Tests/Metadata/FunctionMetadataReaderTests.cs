using Invitations.LocalHost.Metadata;

namespace Invitations.LocalHost.Tests.Metadata;

public sealed class FunctionMetadataReaderTests
{
    private const string Sample = """
        [
          {
            "name": "GetItem",
            "scriptFile": "App.dll",
            "entryPoint": "App.Items.ItemFunctions.GetItem",
            "language": "dotnet-isolated",
            "properties": { "IsCodeless": false },
            "bindings": [
              { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Anonymous",
                "methods": [ "get", "post" ], "route": "items/{id:guid}", "properties": {} },
              { "name": "$return", "type": "http", "direction": "Out" }
            ]
          },
          {
            "name": "SendEmail",
            "scriptFile": "App.dll",
            "entryPoint": "App.Email.SendEmailFunction.Run",
            "bindings": [
              { "name": "job", "direction": "In", "type": "queueTrigger", "queueName": "%EmailQueueName%",
                "connection": "InvitationsStorage", "properties": { "supportsDeferredBinding": "True" } }
            ]
          },
          {
            "name": "Sweep",
            "scriptFile": "App.dll",
            "entryPoint": "App.Expiry.SweepFunction.Run",
            "bindings": [
              { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "%ExpirySweepSchedule%",
                "runOnStartup": true, "useMonitor": "False" }
            ]
          }
        ]
        """;

    [Fact]
    public void Reads_http_queue_and_timer_functions_with_their_trigger_properties()
    {
        var functions = FunctionMetadataReader.Parse(Sample);

        Assert.Equal(["GetItem", "SendEmail", "Sweep"], functions.Select(f => f.Name));

        var http = functions[0];
        Assert.Equal("httpTrigger", http.Trigger.Type);
        Assert.Equal("request", http.Trigger.Name);
        Assert.Equal("items/{id:guid}", http.Trigger.GetString("route"));
        Assert.Equal(["get", "post"], http.Trigger.GetStrings("methods"));
        Assert.Equal("Anonymous", http.Trigger.GetString("AUTHLEVEL"));
        Assert.Equal("App.Items.ItemFunctions", http.TypeName);
        Assert.Equal("GetItem", http.MethodName);
        Assert.Equal(2, http.Bindings.Count);

        var queue = functions[1];
        Assert.Equal("queueTrigger", queue.Trigger.Type);
        Assert.Equal("%EmailQueueName%", queue.Trigger.GetString("queueName"));
        Assert.Equal("InvitationsStorage", queue.Trigger.GetString("connection"));

        var timer = functions[2];
        Assert.Equal("%ExpirySweepSchedule%", timer.Trigger.GetString("schedule"));
        Assert.True(timer.Trigger.GetBool("runOnStartup"));
        Assert.False(timer.Trigger.GetBool("useMonitor"));
        Assert.Null(timer.Trigger.GetBool("missing"));
    }

    [Fact]
    public void Rejects_a_function_without_exactly_one_trigger()
    {
        const string json = """
            [ { "name": "F", "scriptFile": "A.dll", "entryPoint": "A.B.F",
                "bindings": [ { "name": "$return", "type": "http", "direction": "Out" } ] } ]
            """;

        var ex = Assert.Throws<InvalidDataException>(() => FunctionMetadataReader.Parse(json));
        Assert.Contains("'F'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[ { "scriptFile": "A.dll", "entryPoint": "A.B.F", "bindings": [] } ]""", "name")]
    [InlineData("""[ { "name": "F", "entryPoint": "A.B.F", "bindings": [ { "name": "t", "type": "timerTrigger" } ] } ]""", "scriptFile")]
    [InlineData("""[ { "name": "F", "scriptFile": "A.dll", "entryPoint": "NoDot", "bindings": [ { "name": "t", "type": "timerTrigger" } ] } ]""", "NoDot")]
    [InlineData("""{ "name": "F" }""", "array")]
    [InlineData("""[ { "name": """, "JSON")]
    public void Rejects_malformed_metadata_with_a_message_naming_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => FunctionMetadataReader.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_duplicate_function_names()
    {
        const string function = """{ "name": "F", "scriptFile": "A.dll", "entryPoint": "A.B.F", "bindings": [ { "name": "t", "type": "timerTrigger" } ] }""";
        Assert.Throws<InvalidDataException>(() => FunctionMetadataReader.Parse($"[{function},{function}]"));
    }

    [Fact]
    public void A_missing_file_says_to_build_the_app_first()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => FunctionMetadataReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "functions.metadata")));
        Assert.Contains("dotnet build", ex.Message, StringComparison.Ordinal);
    }
}
