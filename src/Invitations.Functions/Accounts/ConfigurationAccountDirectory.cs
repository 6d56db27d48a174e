using Microsoft.Extensions.Configuration;

namespace Invitations.Accounts;

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
