using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestFunctionApp;

namespace Invitations.LocalHost.Tests.Metadata;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void Resolves_every_entry_point_of_the_built_test_app_to_its_method()
    {
        var metadata = FunctionMetadataReader.ReadFile(Path.Combine(BuildOutput.TestFunctionApp, FunctionMetadataReader.FileName));

        var functions = FunctionCatalog.Resolve(metadata, typeof(TestJobFunction).Assembly);

        var job = Assert.Single(functions, f => f.Name == nameof(TestJobFunction.ProcessTestJob));
        Assert.Equal(typeof(TestJobFunction), job.DeclaringType);
        Assert.Equal(nameof(TestJobFunction.ProcessTestJob), job.Method.Name);
        var item = Assert.Single(functions, f => f.Name == nameof(ItemFunctions.GetItem));
        Assert.True(item.Method.IsStatic);
    }

    [Fact]
    public void Refuses_functions_of_another_assembly()
    {
        var metadata = FunctionMetadataReader.ReadFile(Path.Combine(BuildOutput.TestFunctionApp, FunctionMetadataReader.FileName));

        var ex = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Resolve(metadata, typeof(FunctionCatalogTests).Assembly));
        Assert.Contains("Invitations.TestFunctionApp.dll", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Invitations.TestFunctionApp.Missing.Run", "type")]
    [InlineData("Invitations.TestFunctionApp.TestJobFunction.Missing", "method")]
    public void Reports_an_entry_point_that_does_not_exist(string entryPoint, string expected)
    {
        var metadata = FunctionMetadataReader.Parse($$"""
            [ { "name": "F", "scriptFile": "Invitations.TestFunctionApp.dll", "entryPoint": "{{entryPoint}}",
                "bindings": [ { "name": "t", "type": "timerTrigger", "schedule": "* * * * * *" } ] } ]
            """);

        var ex = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Resolve(metadata, typeof(TestJobFunction).Assembly));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
