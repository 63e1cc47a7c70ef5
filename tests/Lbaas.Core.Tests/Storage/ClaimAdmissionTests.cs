using Lbaas.Storage;

namespace Lbaas.Core.Tests.Storage;

public sealed class ClaimAdmissionTests
{
    private static readonly DeviceCapacity s_capacity = new(MaxVips: 3, MaxNetworks: 2);

    [Fact]
    public void Evaluate_when_every_vip_slot_is_claimed_returns_at_vip_capacity() =>
        ClaimAdmission.Evaluate(s_capacity, Load(3, "net-a"), "net-a", null).Should().Be(ClaimStatus.AtVipCapacity);

    [Fact]
    public void Evaluate_when_the_claims_networks_are_already_wired_admits_a_full_network_device() =>
        ClaimAdmission.Evaluate(s_capacity, Load(1, "net-a", "net-b"), "net-b", "net-a").Should().Be(ClaimStatus.Claimed);

    [Fact]
    public void Evaluate_when_a_new_network_would_exceed_the_network_capacity_returns_at_network_capacity() =>
        ClaimAdmission.Evaluate(s_capacity, Load(1, "net-a", "net-b"), "net-a", "net-c").Should().Be(ClaimStatus.AtNetworkCapacity);

    [Fact]
    public void Evaluate_when_the_member_network_is_the_vip_network_counts_it_once() =>
        ClaimAdmission.Evaluate(s_capacity, Load(1, "net-a"), "net-b", "net-b").Should().Be(ClaimStatus.Claimed);

    [Fact]
    public void Evaluate_when_two_new_networks_fit_only_one_returns_at_network_capacity() =>
        ClaimAdmission.Evaluate(s_capacity, Load(1, "net-a"), "net-b", "net-c").Should().Be(ClaimStatus.AtNetworkCapacity);

    [Theory]
    [InlineData("net-a", null, 0)]
    [InlineData("net-b", null, 1)]
    [InlineData("net-b", "net-b", 1)]
    [InlineData("net-b", "net-c", 2)]
    [InlineData("net-a", "net-c", 1)]
    public void NewNetworks_when_some_networks_are_wired_counts_only_the_others(string vip, string? member, int expected) =>
        ClaimAdmission.NewNetworks(Load(1, "net-a"), vip, member).Should().Be(expected);

    [Fact]
    public void Evaluate_when_judging_a_snapshot_agrees_with_the_snapshots_free_vips_and_networks()
    {
        var device = new Device { Id = "dev-1", Name = "dev-1", Provider = "p", HostId = "host-1", Capacity = s_capacity };
        var snapshot = new DeviceSnapshot(device, 2, ["net-a", "net-b"], ["t"], []);
        ClaimAdmission.Evaluate(device.Capacity, snapshot, "net-a", "net-b").Should().Be(ClaimStatus.Claimed);
        ClaimAdmission.Evaluate(device.Capacity, snapshot, "net-c", null).Should().Be(ClaimStatus.AtNetworkCapacity);
        ClaimAdmission.Evaluate(device.Capacity, new DeviceSnapshot(device, 3, [], [], []), "net-a", null).Should().Be(ClaimStatus.AtVipCapacity);
    }

    private static FakeLoad Load(int claims, params string[] networks) => new(claims, networks);

    private readonly struct FakeLoad(int claims, string[] networks) : IDeviceLoad
    {
        public int ClaimCount => claims;

        public int NetworkCount => networks.Length;

        public bool IsWiredTo(string networkId) => networks.Contains(networkId);
    }
}
