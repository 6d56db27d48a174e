using Invitations.Email;
using Invitations.Email.Local;
using Invitations.Hosting.LocalData;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Invitations.Tests.Hosting;

/// <summary>
/// Local emails and events go to one folder, the same whether the app runs from ./run.sh (the local host's output),
/// func start (the Functions project's output, also its working directory) or the tests: never inside a build
/// output, where the Functions host would restart on the first email and dotnet clean would delete it.
/// </summary>
public sealed class LocalDataOptionsTests
{
    private static readonly string Expected = RepositoryPaths.Combine(".data");

    public static TheoryData<string> AppFolders => new()
    {
        RepositoryPaths.Combine("src", "Invitations.LocalHost", "bin", "Debug", "net10.0"), // ./run.sh
        RepositoryPaths.Combine("src", "Invitations.Functions", "bin", "Debug", "net10.0"), // func start
        RepositoryPaths.Combine("src", "Invitations.Functions", "bin", "Release", "net10.0", "publish"),
        AppContext.BaseDirectory, // the tests
    };

    [Theory]
    [MemberData(nameof(AppFolders))]
    public void The_default_is_the_repository_data_folder_from_every_app_folder(string appFolder)
    {
        Assert.Equal(Expected, LocalDataOptions.Resolve("", appFolder));
        Assert.True(new LocalDataOptionsSetup(appFolder).Validate(null, new LocalDataOptions { Directory = Expected }).Succeeded);
    }

    [Fact]
    public void A_relative_setting_resolves_against_the_repository_root_not_the_working_directory()
    {
        var fromFunctionsOutput = LocalDataOptions.Resolve("local-output", RepositoryPaths.Combine("src", "Invitations.Functions", "bin", "Debug", "net10.0"));

        Assert.Equal(RepositoryPaths.Combine("local-output"), fromFunctionsOutput);
        Assert.NotEqual(Path.GetFullPath("local-output"), fromFunctionsOutput);
    }

    [Fact]
    public void An_absolute_setting_is_kept_and_an_app_outside_a_repository_uses_the_temp_folder()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");

        Assert.Equal(absolute, LocalDataOptions.Resolve(absolute, AppContext.BaseDirectory));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "invitations", ".data"), LocalDataOptions.Resolve("", Path.GetTempPath()));
    }

    [Fact]
    public void A_folder_inside_the_build_output_is_refused_at_start()
    {
        var output = RepositoryPaths.Combine("src", "Invitations.Functions", "bin", "Debug", "net10.0");

        var result = new LocalDataOptionsSetup(output).Validate(null, new LocalDataOptions { Directory = Path.Combine(output, ".data") });

        Assert.True(result.Failed);
        Assert.Contains("build output", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_resolves_it_once_and_the_email_sender_and_events_use_its_subfolders()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LocalData:Directory"] = "" });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEmail();
        using var services = builder.Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<LocalDataOptions>>().Value;

        Assert.Equal(Expected, options.Directory);
        Assert.Equal(Path.Combine(Expected, "mail"), options.MailDirectory);
        Assert.Equal(Path.Combine(Expected, "events"), options.EventsDirectory);
        Assert.Equal(options.MailDirectory, Assert.IsType<LocalEmlEmailSender>(services.GetRequiredService<IEmailSender>()).OutputDirectory);
        Assert.DoesNotContain($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", options.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
