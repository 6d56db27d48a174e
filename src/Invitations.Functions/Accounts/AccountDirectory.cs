using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Invitations.Accounts;

/// <summary>What the invitee and the email see of an account.</summary>
public sealed record AccountInfo(string Id, string Name);

/// <summary>
/// Looks up accounts by id. The product's real account store lives elsewhere; this seam keeps the invitation
/// feature independent of it.
/// </summary>
public interface IAccountDirectory
{
    Task<AccountInfo> GetAsync(string accountId, CancellationToken ct);
}

/// <summary>Account names from settings (<c>Accounts__{accountId}__Name</c>), falling back to the id.</summary>
public sealed class ConfigurationAccountDirectory(IConfiguration configuration) : IAccountDirectory
{
    public Task<AccountInfo> GetAsync(string accountId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var name = configuration[$"Accounts:{accountId}:Name"];
        return Task.FromResult(new AccountInfo(accountId, string.IsNullOrWhiteSpace(name) ? accountId : name.Trim()));
    }
}

public static class AccountDirectoryExtensions
{
    public static IHostApplicationBuilder AddAccountDirectory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAccountDirectory, ConfigurationAccountDirectory>();
        return builder;
    }
}
