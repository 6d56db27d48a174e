namespace Invitations.Bench.Requests;

/// <summary>
/// What a figure is compared with: <paramref name="Before"/> as measured by this program on the commit named in
/// <see cref="Baselines.BeforeCommit"/>, and the target (<paramref name="Target"/>, reached when the figure
/// is at most it, or at least it when <paramref name="HigherIsBetter"/>). Either may be null.
/// </summary>
internal sealed record Baseline(double? Before, double? Target, bool HigherIsBetter = false)
{
    public string TargetText => Target is not { } t ? "" : (HigherIsBetter ? "≥ " : "≤ ") + Baselines.Format(t);

    public string Verdict(double measured) => Target is not { } t ? ""
        : (HigherIsBetter ? measured >= t : measured <= t) ? "meets" : "misses";
}
