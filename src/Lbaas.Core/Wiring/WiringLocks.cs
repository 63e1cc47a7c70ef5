namespace Lbaas.Wiring;

/// <summary>
/// Serialises wiring calls in this process that touch the same device or the same load balancer, so two concurrent
/// wires of one device never both create its port on a network, and the two devices of an active-standby pair never
/// both create the VIP port. A fixed set of striped semaphores (no per-key state to leak); a call takes the stripes
/// of its two keys in ascending order, so calls cannot deadlock.
/// </summary>
/// <remarks>
/// This does not serialise several controller instances sharing one store; there the capacity claim (compare-and-set
/// on the device revision) is what orders placements, and a rare duplicate device port is reused and removed with
/// the others (ports are found by device id, network and owner, never remembered).
/// </remarks>
internal sealed class WiringLocks : IDisposable
{
    private const int StripeCount = 64;
    private readonly SemaphoreSlim[] _stripes;

    public WiringLocks()
    {
        _stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < StripeCount; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Runs <paramref name="action"/> holding the stripes of both keys.</summary>
    public async ValueTask<T> RunAsync<T>(string firstKey, string secondKey, Func<CancellationToken, ValueTask<T>> action, CancellationToken cancellationToken)
    {
        var a = Stripe(firstKey);
        var b = Stripe(secondKey);
        var low = Math.Min(a, b);
        var high = Math.Max(a, b);
        await _stripes[low].WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (high != low)
            {
                await _stripes[high].WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (high != low)
                {
                    _stripes[high].Release();
                }
            }
        }
        finally
        {
            _stripes[low].Release();
        }
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private static int Stripe(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % StripeCount);
}
