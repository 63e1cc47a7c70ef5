namespace Lbaas.Storage;

/// <summary>
/// The in-memory device store's index of taken claim slots: which device holds a load balancer's slot. A dictionary
/// per lock stripe rather than one concurrent dictionary, so taking a slot allocates nothing (a concurrent
/// dictionary allocates a node per entry, on every claim).
/// </summary>
internal sealed class ClaimSlotIndex
{
    private const int Stripes = 64;

    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new Stripe())];

    /// <summary>Records that <paramref name="deviceId"/> holds the slot, unless a device holds it already.</summary>
    /// <param name="key">The load balancer and slot.</param>
    /// <param name="deviceId">The device taking it.</param>
    /// <param name="holder">The device holding it: <paramref name="deviceId"/> when taken now, else the earlier one.</param>
    /// <returns>Whether the slot was free and is now taken.</returns>
    public bool TryTake((string LoadBalancerId, int Slot) key, string deviceId, out string holder)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            if (stripe.Holders.TryGetValue(key, out var existing))
            {
                holder = existing;
                return false;
            }

            stripe.Holders.Add(key, deviceId);
            holder = deviceId;
            return true;
        }
    }

    /// <summary>The device holding a slot, or null.</summary>
    public string? Find((string LoadBalancerId, int Slot) key)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Holders.GetValueOrDefault(key);
        }
    }

    /// <summary>Frees a slot when <paramref name="deviceId"/> holds it.</summary>
    public void Free((string LoadBalancerId, int Slot) key, string deviceId)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            if (stripe.Holders.TryGetValue(key, out var holder) && string.Equals(holder, deviceId, StringComparison.Ordinal))
            {
                stripe.Holders.Remove(key);
            }
        }
    }

    private Stripe StripeOf((string LoadBalancerId, int Slot) key) =>
        _stripes[(int)((uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.LoadBalancerId), key.Slot) % Stripes)];

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Dictionary<(string LoadBalancerId, int Slot), string> Holders { get; } = [];
    }
}
