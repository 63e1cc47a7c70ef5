using System.Text.Json;
using Ml2.Model;

namespace Ml2.Abstractions.Tests.Model;

public sealed class ModelSerializationTests
{
    [Fact]
    public void Port_round_trips_through_system_text_json_with_binding_levels_and_json_attributes()
    {
        var port = new Port
        {
            Id = "p1",
            TenantId = "demo",
            NetworkId = "n1",
            MacAddress = "fa:16:3e:12:34:56",
            FixedIps = [new FixedIp("s1", "10.0.0.5"), new FixedIp("s6", "fd00::5")],
            DeviceId = "vm1",
            Status = ResourceStatus.Active,
            RevisionNumber = 3,
            Binding = new PortBinding
            {
                HostId = "compute-1",
                Profile = ExtensionAttributes.From(("pci_slot", "0000:05:00.1"), ("trusted", true)),
                VifType = VifTypes.Ovs,
                VifDetails = ExtensionAttributes.From(("port_filter", true), ("connectivity", "l2")),
                Levels = [new PortBindingLevel(0, "tor", "seg-vxlan"), new PortBindingLevel(1, "agent", "seg-vlan")],
            },
            ExtensionAttributes = ExtensionAttributes.From(("acme:qos", 7)),
        };

        var json = JsonSerializer.Serialize(port);
        var back = JsonSerializer.Deserialize<Port>(json)!;

        back.Should().BeEquivalentTo(port, o => o.Excluding(p => p.Binding).Excluding(p => p.ExtensionAttributes));
        back.Binding.Levels.Should().Equal(port.Binding.Levels);
        ExtensionAttributes.AreEqual(back.Binding.Profile, port.Binding.Profile).Should().BeTrue();
        ExtensionAttributes.AreEqual(back.Binding.VifDetails, port.Binding.VifDetails).Should().BeTrue();
        back.ExtensionAttributes["acme:qos"].GetInt32().Should().Be(7);
    }

    [Fact]
    public void Network_round_trips_with_segments()
    {
        var network = new Network
        {
            Id = "n1",
            TenantId = "demo",
            Mtu = 1450,
            Segments = [new NetworkSegment { Id = "s", NetworkId = "n1", NetworkType = NetworkTypes.Gre, SegmentationId = 4_294_967_295, Mtu = 1458 }],
        };

        var back = JsonSerializer.Deserialize<Network>(JsonSerializer.Serialize(network))!;

        back.Segments.Should().ContainSingle().Which.Should().Be(network.Segments[0]);
        back.Mtu.Should().Be(1450);
    }

    [Fact]
    public void ExtensionAttributes_to_json_is_key_order_independent()
    {
        var a = ExtensionAttributes.From(("b", 1), ("a", "x"));
        var b = ExtensionAttributes.From(("a", "x"), ("b", 1));

        ExtensionAttributes.ToJson(a).Should().Be("""{"a":"x","b":1}""");
        ExtensionAttributes.ToJson(a).Should().Be(ExtensionAttributes.ToJson(b));
        ExtensionAttributes.AreEqual(a, b).Should().BeTrue();
        ExtensionAttributes.AreEqual(a, ExtensionAttributes.From(("a", "y"), ("b", 1))).Should().BeFalse();
    }
}
