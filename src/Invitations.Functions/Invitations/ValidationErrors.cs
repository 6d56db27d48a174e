namespace Invitations.Invitations;

/// <summary>Collects field errors; throws one <see cref="ValidationFailedException"/> with all of them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(_errors.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
