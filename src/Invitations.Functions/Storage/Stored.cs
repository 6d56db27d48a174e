using Azure;

namespace Invitations.Storage;

/// <summary>
/// A value as read from storage with the ETag every conditional update must present. <see cref="Revision"/> is
/// storage bookkeeping (history rows written so far), carried so the next update numbers its rows uniquely.
/// </summary>
public sealed record Stored<T>(T Value, ETag ETag, long Revision = 0);
