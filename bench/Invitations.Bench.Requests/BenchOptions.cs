using System.Globalization;

namespace Invitations.Bench.Requests;

/// <summary>Command-line options; the defaults keep one run under about two minutes on a 2-core machine.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        dotnet run -c Release --project bench/Invitations.Bench.Requests -- [options]
          --invitations N     invitations per measured action (default 10)
          --life N            invitations in the life scenario: create, one email, expiry (default 20)
          --rounds R          alternating throughput rounds, HTTP creates vs raw floor (default 4)
          --per-round K       operations per round and side (default 60)
          --concurrency C     concurrent callers in throughput rounds (default 8)
          --only a,b          run only these scenarios (names below)
          --detail            print the requests of each figure by kind (table/queue, method, resource)
        """;

    public int Invitations { get; private set; } = 10;
    public int LifeInvitations { get; private set; } = 20;
    public int Rounds { get; private set; } = 4;
    public int PerRound { get; private set; } = 60;
    public int Concurrency { get; private set; } = 8;
    public bool Detail { get; private set; }
    public IReadOnlySet<string> Only { get; private set; } = new HashSet<string>();

    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--invitations": options.Invitations = Positive(args, ++i); break;
                case "--life": options.LifeInvitations = Positive(args, ++i); break;
                case "--rounds": options.Rounds = Positive(args, ++i); break;
                case "--per-round": options.PerRound = Positive(args, ++i); break;
                case "--concurrency": options.Concurrency = Positive(args, ++i); break;
                case "--detail": options.Detail = true; break;
                case "--only":
                    options.Only = (i + 1 < args.Length ? args[++i] : "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .ToHashSet(StringComparer.OrdinalIgnoreCase);
                    break;
                default: return null;
            }
        }

        return options;
    }

    private static int Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a positive whole number.");
}
