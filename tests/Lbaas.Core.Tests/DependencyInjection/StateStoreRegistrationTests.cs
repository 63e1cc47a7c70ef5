using Lbaas.Devices;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lbaas.Core.Tests.DependencyInjection;

/// <summary>The four LBaaS store contracts in the container: in-memory by default, one object for all four with UseStateStore.</summary>
public sealed class StateStoreRegistrationTests
{
    [Fact]
    public void AddLbaas_by_default_resolves_each_store_contract_to_its_in_memory_store()
    {
        using var provider = Build(_ => { });

        provider.GetRequiredService<ILbaasObjectStore>().Should().BeOfType<InMemoryLbaasObjectStore>();
        provider.GetRequiredService<IDeviceStore>().Should().BeOfType<InMemoryDeviceStore>();
        provider.GetRequiredService<IAgentStore>().Should().BeOfType<InMemoryAgentStore>();
        provider.GetRequiredService<ILeaseStore>().Should().BeOfType<InMemoryLeaseStore>();
    }

    [Fact]
    public void UseStateStore_of_a_type_resolves_every_contract_to_one_singleton()
    {
        using var provider = Build(b => b.UseStateStore<CombinedStore>());

        var objects = provider.GetRequiredService<ILbaasObjectStore>();
        objects.Should().BeOfType<CombinedStore>();
        provider.GetRequiredService<IDeviceStore>().Should().BeSameAs(objects);
        provider.GetRequiredService<IAgentStore>().Should().BeSameAs(objects);
        provider.GetRequiredService<ILeaseStore>().Should().BeSameAs(objects);
    }

    [Fact]
    public void UseStateStore_of_an_instance_resolves_every_contract_to_it()
    {
        var store = new CombinedStore();
        using var provider = Build(b => b.UseStateStore(store));

        provider.GetRequiredService<ILbaasObjectStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IDeviceStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IAgentStore>().Should().BeSameAs(store);
        provider.GetRequiredService<ILeaseStore>().Should().BeSameAs(store);
    }

    private static ServiceProvider Build(Action<ILbaasBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddMl2();
        configure(services.AddLbaas());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A store serving the four contracts, by delegation to the in-memory stores.</summary>
    public sealed class CombinedStore : ILbaasObjectStore, IDeviceStore, IAgentStore, ILeaseStore, IDisposable
    {
        private readonly InMemoryLbaasObjectStore _objects = new();
        private readonly InMemoryDeviceStore _devices = new();
        private readonly InMemoryAgentStore _agents = new();
        private readonly InMemoryLeaseStore _leases = new();

        public ILbaasObjectReader<LoadBalancer> LoadBalancers => _objects.LoadBalancers;

        public void Dispose() => _objects.Dispose();

        public ILbaasObjectReader<Listener> Listeners => _objects.Listeners;

        public ILbaasObjectReader<LoadBalancerPool> Pools => _objects.Pools;

        public ILbaasObjectReader<Member> Members => _objects.Members;

        public ILbaasObjectReader<HealthMonitor> HealthMonitors => _objects.HealthMonitors;

        public ILbaasObjectReader<LoadBalancerPlacementRecord> Placements => _objects.Placements;

        public ValueTask<ILbaasTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => _objects.BeginTransactionAsync(cancellationToken);

        public ValueTask<Device?> FindDeviceAsync(string deviceId, CancellationToken cancellationToken = default) => _devices.FindDeviceAsync(deviceId, cancellationToken);

        public ValueTask<DeviceState?> FindDeviceStateAsync(string deviceId, CancellationToken cancellationToken = default) => _devices.FindDeviceStateAsync(deviceId, cancellationToken);

        public ValueTask<IReadOnlyList<Device>> ListDevicesAsync(CancellationToken cancellationToken = default) => _devices.ListDevicesAsync(cancellationToken);

        public ValueTask<IReadOnlyList<DeviceState>> ListDeviceStatesAsync(CancellationToken cancellationToken = default) => _devices.ListDeviceStatesAsync(cancellationToken);

        public ValueTask<Device> AddDeviceAsync(Device device, CancellationToken cancellationToken = default) => _devices.AddDeviceAsync(device, cancellationToken);

        public ValueTask<Device> UpdateDeviceAsync(Device device, long expectedRevision, CancellationToken cancellationToken = default) =>
            _devices.UpdateDeviceAsync(device, expectedRevision, cancellationToken);

        public ValueTask<DeviceRemoval> RemoveDeviceAsync(string deviceId, CancellationToken cancellationToken = default) => _devices.RemoveDeviceAsync(deviceId, cancellationToken);

        public ValueTask<ClaimResult> TryClaimAsync(string deviceId, LoadBalancerClaim claim, long? expectedDeviceRevision, CancellationToken cancellationToken = default) =>
            _devices.TryClaimAsync(deviceId, claim, expectedDeviceRevision, cancellationToken);

        public ValueTask<long?> ReleaseClaimAsync(string deviceId, string loadBalancerId, CancellationToken cancellationToken = default) =>
            _devices.ReleaseClaimAsync(deviceId, loadBalancerId, cancellationToken);

        public ValueTask<long?> SetClaimVipAddressAsync(string deviceId, string loadBalancerId, string vipAddress, CancellationToken cancellationToken = default) =>
            _devices.SetClaimVipAddressAsync(deviceId, loadBalancerId, vipAddress, cancellationToken);

        public ValueTask<IReadOnlyList<DeviceClaim>> ListClaimsAsync(CancellationToken cancellationToken = default) => _devices.ListClaimsAsync(cancellationToken);

        public ValueTask UpsertAgentHeartbeatAsync(string agentId, DateTimeOffset heartbeatAt, CancellationToken cancellationToken = default) =>
            _agents.UpsertAgentHeartbeatAsync(agentId, heartbeatAt, cancellationToken);

        public ValueTask<bool> SetAgentTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default) =>
            _agents.SetAgentTakenOverAsync(agentId, takenOver, cancellationToken);

        public ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(CancellationToken cancellationToken = default) => _agents.ListAgentsAsync(cancellationToken);

        public ValueTask<bool> RemoveAgentAsync(string agentId, CancellationToken cancellationToken = default) => _agents.RemoveAgentAsync(agentId, cancellationToken);

        public ValueTask<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
            _leases.TryAcquireLeaseAsync(name, owner, now, duration, cancellationToken);

        public ValueTask<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default) => _leases.ReleaseLeaseAsync(name, owner, cancellationToken);
    }
}
