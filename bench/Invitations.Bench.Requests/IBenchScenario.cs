namespace Invitations.Bench.Requests;

/// <summary>
/// One part of the benchmark. To add one: implement this (start apps with <see cref="BenchApp.StartAsync"/>, count with
/// <see cref="ActionMeter"/>, compare rates with <see cref="AlternatingRounds"/>), list it in Program.cs, and give its
/// figure ids a row in <see cref="Baselines"/>. Scenarios run one after another on one Azurite, each on its own data set.
/// </summary>
internal interface IBenchScenario
{
    /// <summary>Short, lowercase: what <c>--only</c> selects.</summary>
    string Name { get; }

    /// <summary>One line printed before its figures: what runs and how it is counted.</summary>
    string Description { get; }

    Task<IReadOnlyList<Figure>> RunAsync(BenchEnvironment environment);
}
