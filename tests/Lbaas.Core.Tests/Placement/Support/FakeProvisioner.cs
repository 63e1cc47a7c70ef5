using Lbaas;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>A provisioner that returns what the test says (a device, null, or an exception) and counts its calls.</summary>
public sealed class FakeProvisioner(string provider, Func<PlacementRequest, int, Device?> make) : IDeviceProvisioner
{
    private int _calls;

    public string Provider { get; } = provider;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<Device?> ProvisionAsync(PlacementRequest request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(make(request, call));
    }
}
