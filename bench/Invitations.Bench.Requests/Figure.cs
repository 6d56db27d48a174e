namespace Invitations.Bench.Requests;

/// <summary>
/// One measured figure. <paramref name="Id"/> keys it to <see cref="Baselines"/>; <paramref name="Detail"/> is shown
/// beside it (spread, sample size, what was included).
/// </summary>
internal sealed record Figure(string Id, string Label, double Value, string Unit, string Detail = "")
{
    /// <summary>For request counts: the mean per kind (service, method, resource), printed with <c>--detail</c>.</summary>
    public IReadOnlyDictionary<string, double>? ByKind { get; init; }
}
