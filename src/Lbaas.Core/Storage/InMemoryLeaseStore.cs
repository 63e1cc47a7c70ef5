namespace Lbaas.Storage;

/// <summary>The default <see cref="ILeaseStore"/>: leases in memory behind one short lock, every method atomic.</summary>
internal sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);

    public ValueTask<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        lock (_leases)
        {
            if (_leases.TryGetValue(name, out var held) && held.ExpiresAt > now && !string.Equals(held.Owner, owner, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            _leases[name] = (owner, now + duration);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(owner);
        lock (_leases)
        {
            return ValueTask.FromResult(
                _leases.TryGetValue(name, out var held) && string.Equals(held.Owner, owner, StringComparison.Ordinal) && _leases.Remove(name));
        }
    }
}
