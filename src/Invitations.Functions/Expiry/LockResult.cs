using System.Security.Cryptography;
using Azure;
using Invitations.Invitations;

namespace Invitations.Expiry;

public readonly record struct LockResult(bool Acquired, ETag ETag, string? PreviousHolder);
