using System.Text.Json;
using System.Text.RegularExpressions;
using Invitations.Email;
using Invitations.Hosting.Http;
using Invitations.Invitations;
using Invitations.Security;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Admin;

/// <summary>Filters of the list as they arrive in the query string (validated here); the page size is already in range.</summary>
public sealed record InvitationListRequest(IReadOnlyList<string> Status, string? Email, int PageSize, string? ContinuationToken);
