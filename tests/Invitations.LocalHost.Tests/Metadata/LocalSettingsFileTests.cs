using Invitations.LocalHost.Metadata;
using Invitations.LocalHost.Tests.Support;
using Invitations.TestFunctionApp;

namespace Invitations.LocalHost.Tests.Metadata;

public sealed class LocalSettingsFileTests : IDisposable
{
    private readonly DirectoryInfo _repo = Directory.CreateTempSubdirectory("localhost-settings-");

    public void Dispose() => _repo.Delete(recursive: true);

    [Fact]
    public void Maps_values_connection_strings_and_host_section()
    {
        var file = LocalSettingsFile.Parse("""
            {
              "IsEncrypted": false,
              "Values": { "InvitationsStorage": "UseDevelopmentStorage=true", "Invitations__Lifetime": "7.00:00:00", "Flag": true },
              "ConnectionStrings": { "Sql": "Server=." },
              "Host": { "LocalHttpPort": 7072, "CORS": "http://localhost:3000, https://portal.example", "CORSCredentials": true }
            }
            """);

        Assert.Equal("UseDevelopmentStorage=true", file.Settings["InvitationsStorage"]);
        Assert.Equal("7.00:00:00", file.Settings["Invitations:Lifetime"]);
        Assert.Equal("true", file.Settings["Flag"]);
        Assert.Equal("Server=.", file.Settings["ConnectionStrings:Sql"]);
        Assert.Equal(7072, file.LocalHttpPort);
        Assert.Equal(["http://localhost:3000", "https://portal.example"], file.CorsOrigins);
        Assert.True(file.CorsCredentials);
    }

    [Fact]
    public void Refuses_an_encrypted_file()
    {
        Assert.Throws<InvalidDataException>(() => LocalSettingsFile.Parse("""{ "IsEncrypted": true, "Values": {} }"""));
    }

    [Fact]
    public void Prefers_the_script_root_then_the_repository_then_the_sample()
    {
        var scriptRoot = _repo.CreateSubdirectory("bin").FullName;
        var sample = Write(_repo.FullName, LocalSettingsFile.SampleFileName);
        Assert.Equal(sample, LocalSettingsFile.Find(scriptRoot, _repo.FullName));

        var repoSettings = Write(_repo.FullName, LocalSettingsFile.FileName);
        Assert.Equal(repoSettings, LocalSettingsFile.Find(scriptRoot, _repo.FullName));

        var scriptSettings = Write(scriptRoot, LocalSettingsFile.FileName);
        Assert.Equal(scriptSettings, LocalSettingsFile.Find(scriptRoot, _repo.FullName));
    }

    [Fact]
    public void Environment_variables_override_the_file_and_explicit_settings_override_both()
    {
        var fileOnly = "LocalHostTest" + Guid.NewGuid().ToString("N")[..8];
        var fromEnv = fileOnly + "Env";
        var fromOptions = fileOnly + "Opt";
        var settingsFile = Path.Combine(_repo.FullName, LocalSettingsFile.FileName);
        File.WriteAllText(settingsFile, $$"""
            { "Values": { "{{fileOnly}}__Key": "file", "{{fromEnv}}": "file", "{{fromOptions}}": "file",
                          "TestQueueName": "q", "TestTimerSchedule": "0 0 0 1 1 *", "TestStorage": "UseDevelopmentStorage=true" } }
            """);
        Environment.SetEnvironmentVariable(fromEnv, "env");
        Environment.SetEnvironmentVariable(fromOptions, "env");
        try
        {
            var options = new LocalHostOptions { ScriptRoot = BuildOutput.TestFunctionApp, SettingsFile = settingsFile, StartAzurite = false, Port = 0 };
            options.Settings[fromOptions] = "options";

            var builder = LocalFunctionsHost.CreateBuilder(options, typeof(TestJobFunction).Assembly, app => app.AddTestFunctionApp());

            Assert.Equal("file", builder.Configuration[fileOnly + ":Key"]);
            Assert.Equal("env", builder.Configuration[fromEnv]);
            Assert.Equal("options", builder.Configuration[fromOptions]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(fromEnv, null);
            Environment.SetEnvironmentVariable(fromOptions, null);
        }
    }

    private static string Write(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, """{ "Values": {} }""");
        return path;
    }
}
