using Azure;
using Azure.Data.Tables;
using Invitations.Storage;
using Microsoft.Extensions.Options;

namespace Invitations.Email.Storage;

/// <summary>Which send an ACS message id belongs to (delivery reports carry no account id).</summary>
public sealed record EmailMessageRef(string AccountId, string InvitationId, int LinkVersion, int SendNumber);
