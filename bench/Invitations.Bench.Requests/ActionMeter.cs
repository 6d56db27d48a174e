using System.Globalization;

namespace Invitations.Bench.Requests;

/// <summary>
/// Counts the storage requests of one action, repeated: each sample is what the apps sent while the action ran, so
/// nothing else may run on those apps meanwhile (switch the email sender and the timer off where needed).
/// </summary>
internal sealed class ActionMeter(params BenchApp[] apps)
{
    private readonly List<long> _samples = [];
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);

    public int Count => _samples.Count;

    public long Total => _samples.Sum();

    /// <summary>All samples' requests by kind (service, method, resource).</summary>
    public IReadOnlyDictionary<string, long> TotalsByKind => _byKind;

    public async Task MeasureAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = apps.Select(app => app.RequestsByKind()).ToArray();
        await action();
        long sample = 0;
        for (var i = 0; i < apps.Length; i++)
        {
            foreach (var (kind, count) in StorageRequestCounter.Difference(before[i], apps[i].RequestsByKind()))
            {
                _byKind[kind] = _byKind.GetValueOrDefault(kind) + count;
                sample += count;
            }
        }

        _samples.Add(sample);
    }

    /// <summary>The mean per sample, or per <paramref name="per"/> items when one sample covered several.</summary>
    public Figure ToFigure(string id, string label, int? per = null, string note = "")
    {
        var divisor = (double)(per ?? _samples.Count);
        var spread = per is null && _samples.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"n={_samples.Count}, {_samples.Min()}–{_samples.Max()}")
            : string.Create(CultureInfo.InvariantCulture, $"{Total} requests / {divisor:0}");
        return new Figure(id, label, Total / divisor, "requests", note.Length == 0 ? spread : spread + "; " + note)
        {
            ByKind = _byKind.ToDictionary(kv => kv.Key, kv => kv.Value / divisor, StringComparer.Ordinal),
        };
    }
}
