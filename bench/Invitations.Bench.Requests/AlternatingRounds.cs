using System.Diagnostics;

namespace Invitations.Bench.Requests;

/// <summary>
/// Compares the rates of two operations on the same Azurite: rounds of <c>perRound</c> operations by
/// <c>concurrency</c> callers, the two sides alternating (and swapping which goes first), so drift of a shared
/// machine hits both. Returns operations per second per side (over all rounds) and each round's ratio.
/// </summary>
internal static class AlternatingRounds
{
    public sealed record Side(string Name, Func<int, Task> Operation);

    public sealed record Result(double RateA, double RateB, IReadOnlyList<double> RoundRatios)
    {
        public double Ratio => RateA / RateB;
    }

    public static async Task<Result> RunAsync(Side a, Side b, int rounds, int perRound, int concurrency)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var next = 0;
        double secondsA = 0, secondsB = 0;
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double roundA, roundB;
            if (round % 2 == 0)
            {
                roundA = await TimeAsync(a.Operation);
                roundB = await TimeAsync(b.Operation);
            }
            else
            {
                roundB = await TimeAsync(b.Operation);
                roundA = await TimeAsync(a.Operation);
            }

            secondsA += roundA;
            secondsB += roundB;
            ratios.Add(roundB / roundA); // rate A / rate B for equal operation counts
        }

        return new Result(rounds * perRound / secondsA, rounds * perRound / secondsB, ratios);

        async Task<double> TimeAsync(Func<int, Task> operation)
        {
            var started = Stopwatch.GetTimestamp();
            await RunConcurrentlyAsync(perRound, concurrency, _ => operation(Interlocked.Increment(ref next)));
            return Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
    }

    /// <summary>Runs <paramref name="count"/> operations with at most <paramref name="concurrency"/> at once.</summary>
    public static Task RunConcurrentlyAsync(int count, int concurrency, Func<int, Task> operation) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => await operation(i));
}
