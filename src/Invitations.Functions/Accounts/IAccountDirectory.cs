using Microsoft.Extensions.Hosting;

namespace Invitations.Accounts;

/// <summary>
/// Looks up accounts by id. The product's real account store lives elsewhere; this seam keeps the invitation
/// feature independent of it.
/// </summary>
public interface IAccountDirectory
{
    Task<AccountInfo> GetAsync(string accountId, CancellationToken ct);
}
