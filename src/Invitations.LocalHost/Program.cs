using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.Storage;
using Microsoft.Extensions.Options;

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
