using Invitations.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.AddAzureMonitoring();
builder.AddInvitationsApp();

await builder.Build().RunAsync();
