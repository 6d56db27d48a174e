using Invitations.Hosting.Telemetry;
using Invitations.Invitations;
using Invitations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Expiry;

public sealed record ExpiryRunReport(ExpiryRunRecord Run, IReadOnlyList<ExpiryCandidate> WouldExpire);
