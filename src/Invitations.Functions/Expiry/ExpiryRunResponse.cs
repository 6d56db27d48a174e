
namespace Invitations.Expiry;

/// <summary>The run, and for a dry run what it would expire (at most <see cref="ExpirySweeper.MaxListedCandidates"/>).</summary>
public sealed record ExpiryRunResponse(ExpiryRunRecord Run, IReadOnlyList<ExpiryCandidate>? WouldExpire);
