using Azure;

namespace Invitations.Expiry;

/// <summary>The expiry index row a create wrote before its commit: its ETag, so a refused create deletes only that row.</summary>
public sealed record ExpiryIndexRow(ETag ETag);
