namespace Ml2.Benchmarks.Lbaas;

/// <summary>
/// One worker's steady load on a fleet: it owns a disjoint slice of the fleet's requests, keeps its last 16 load
/// balancers placed and releases the oldest as it places a new one.
/// </summary>
internal sealed class PlacementWindow(PlacementBenchmarkFleet fleet, int slice, int slices)
{
    private const int Size = 16;

    private readonly (string DeviceId, int Index)[] _held = new (string, int)[Size];
    private readonly int _span = fleet.Requests.Length / slices;
    private readonly int _first = slice * (fleet.Requests.Length / slices);
    private int _heldCount;
    private int _next;

    /// <summary>Places <paramref name="count"/> load balancers, releasing the oldest held one before each once full.</summary>
    public void Run(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var slot = _next % Size;
            if (_heldCount == Size)
            {
                var (deviceId, index) = _held[slot];
                var released = fleet.Registry.ReleaseAsync(deviceId, fleet.Requests[index].LoadBalancerId);
                if (!released.IsCompletedSuccessfully)
                {
                    released.AsTask().GetAwaiter().GetResult();
                }
            }
            else
            {
                _heldCount++;
            }

            var requestIndex = _first + (_next % _span);
            _held[slot] = (fleet.Place(requestIndex), requestIndex);
            _next++;
        }
    }
}
