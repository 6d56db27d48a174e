using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

/// <param name="MaxDuration">A shorter time budget than <c>Expiry__MaxRunDuration</c> (a run started over HTTP must end within the request's deadline).</param>
public sealed record ExpiryRunRequest(string Trigger, bool IsPastDue = false, bool DryRun = false, TimeSpan? MaxDuration = null);
