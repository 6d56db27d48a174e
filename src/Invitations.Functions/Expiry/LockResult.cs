using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Invitations.Invitations;

namespace Invitations.Expiry;

public readonly record struct LockResult(bool Acquired, ETag ETag, string? PreviousHolder);
