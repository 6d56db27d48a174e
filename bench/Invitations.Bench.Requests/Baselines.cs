using System.Globalization;

namespace Invitations.Bench.Requests;

/// <summary>
/// The baseline column. "Before" figures were measured with this program (default options) on main before the one
/// write path (issue 9's door) landed: <see cref="BeforeCommit"/>, same machine, Azurite in memory. Targets are issue 9's
/// (and later issues'). A new scenario adds its ids here; a figure without an entry prints with an empty baseline.
/// Before figures: two default runs, 2026-11-29, 2 shared cores (load average about 25); request counts were the same
/// in both runs; throughput is their mean (ratios 0.43 and 0.41), and absolute rates only compare on one machine.
/// </summary>
internal static class Baselines
{
    public const string BeforeCommit = "3d1665a";

    public static readonly IReadOnlyDictionary<string, Baseline> ById = new Dictionary<string, Baseline>(StringComparer.Ordinal)
    {
        // Issue 9: storage requests per action and per life, create throughput against the raw floor.
        ["requests.create"] = new(Before: 6, Target: 3),
        ["requests.email"] = new(Before: 9, Target: 5),
        ["requests.copy-link"] = new(Before: 3, Target: 2),
        ["requests.resend"] = new(Before: 4, Target: 3),
        ["requests.reissue"] = new(Before: 7, Target: null),
        ["requests.revoke"] = new(Before: 2, Target: null),
        ["requests.accept"] = new(Before: 2, Target: null),
        ["requests.sender-start"] = new(Before: 4, Target: null),
        ["requests.expiry"] = new(Before: 1.1, Target: 2.5),
        ["requests.sweep-fixed"] = new(Before: 8, Target: null),
        ["requests.life"] = new(Before: 16.1, Target: 11),
        ["throughput.create"] = new(Before: 7.5, Target: null),
        ["throughput.raw-floor"] = new(Before: 17.8, Target: null),
        ["throughput.ratio"] = new(Before: 0.42, Target: 0.6, HigherIsBetter: true),

        // Issue 10 (quota.*, AccountQuotaScenario) sets no number: its figures only compare side by side in one run.

        // Issue 12: a 50-row bulk invite is not slower than 50 single creates at concurrency 8.
        ["bulk.ratio"] = new(Before: null, Target: 1, HigherIsBetter: true),
    };

    public static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "0" : Math.Abs(value - Math.Round(value)) < 0.005 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
