using Ml2.Exceptions;

namespace Ml2.Abstractions.Tests.Exceptions;

public sealed class ExceptionMessageTests
{
    [Fact]
    public void InvalidInput_MessageCarriesNeutronDetailFieldAndValue()
    {
        var error = new InvalidInputException("provider:segmentation_id", 5000L, "segmentation_id out of range (1 through 4094)");

        error.Message.Should().Be("Invalid input for operation: segmentation_id out of range (1 through 4094). Field 'provider:segmentation_id', value '5000'.");
        error.Detail.Should().Be("segmentation_id out of range (1 through 4094)");
        error.Field.Should().Be("provider:segmentation_id");
        error.Value.Should().Be("5000");
    }

    [Theory]
    [InlineData("vlan", "physnet1", 100L, "Unable to create the network. The VLAN 100 on physical network physnet1 is in use.")]
    [InlineData("vxlan", null, 1001L, "Unable to create the network. The tunnel ID 1001 is in use.")]
    [InlineData("flat", "physnet3", null, "Unable to create the flat network. Physical network physnet3 is in use.")]
    public void SegmentInUse_UsesNeutronWordingPerType(string type, string? physnet, long? id, string expected) =>
        new SegmentInUseException(type, physnet, id).Message.Should().Be(expected);

    [Fact]
    public void MechanismDriverException_KeepsOperationDriversAndInnerExceptions()
    {
        var first = new InvalidOperationException("controller down");
        var second = new TimeoutException("timed out");

        var error = new MechanismDriverException("update_network_postcommit", [new("odl", first), new("ovn", second)]);

        error.Operation.Should().Be("update_network_postcommit");
        error.DriverName.Should().Be("odl");
        error.InnerException.Should().BeSameAs(first);
        error.InnerExceptions.Should().Equal(first, second);
        error.Message.Should().Contain("'odl': controller down").And.Contain("'ovn': timed out");
    }

    [Fact]
    public void NotFoundAndInUse_UseNeutronWording()
    {
        new ResourceNotFoundException("Network", "n1").Message.Should().Be("Network n1 could not be found.");
        ResourceInUseException.Network("n1").Message.Should().Be("Unable to complete operation on network n1. There are one or more ports still in use on the network.");
        AddressInUseException.Ip("n1", "10.0.0.5").Message.Should().Be("Unable to complete operation for network n1. The IP address 10.0.0.5 is in use.");
        new NoNetworkAvailableException().Message.Should().Be("Unable to create the network. No tenant network is available for allocation.");
    }
}
