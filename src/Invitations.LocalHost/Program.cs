using Invitations.Hosting;
using Invitations.Hosting.LocalData;
using Invitations.LocalHost;
using Invitations.Storage;
using Microsoft.Extensions.Options;

if (args is ["mint-token", ..])
{
    return DeveloperTokens.Mint(args);
}

if (!LocalHostCommandLine.TryParse(args, out var options, out var error))
{
    await Console.Error.WriteLineAsync(error + Environment.NewLine + LocalHostCommandLine.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(LocalHostCommandLine.Usage);
    return 0;
}

options.StorageConnectionNames.Add(StorageConnection.Name);
options.Documents["/api/openapi.json"] = Path.Combine(AppContext.BaseDirectory, "openapi.json");
options.OnStarted = services =>
{
    DeveloperTokens.PrintDemoAdmin(services.GetRequiredService<IConfiguration>());
    var localData = services.GetRequiredService<IOptions<LocalDataOptions>>().Value;
    Console.WriteLine($"Local emails: {localData.MailDirectory}   events: {localData.EventsDirectory}");
};
try
{
    // The same registration the Functions worker's Program.cs makes.
    var builder = LocalFunctionsHost.CreateBuilder(options, typeof(InvitationsAppExtensions).Assembly, app => app.AddInvitationsApp());
    await using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FileNotFoundException or OptionsValidationException or IOException)
{
    await Console.Error.WriteLineAsync("Local host failed to start: " + ex.Message);
    return 1;
}
