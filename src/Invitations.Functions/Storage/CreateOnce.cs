namespace Invitations.Storage;

/// <summary>
/// Runs a storage "create if not exists" once per process instead of once per request. A failed or cancelled attempt
/// is retried by the next caller, and the attempt is not tied to one caller's token, so a cancelled request never
/// fails creation for the others.
/// </summary>
public sealed class CreateOnce(Func<Task> create)
{
    private readonly Lock _gate = new();
    private Task? _creation;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = create();
            }

            creation = _creation;
        }

        return creation.WaitAsync(cancellationToken);
    }
}
