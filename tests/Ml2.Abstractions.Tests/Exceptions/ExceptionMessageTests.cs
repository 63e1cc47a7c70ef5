using Ml2.Exceptions;

namespace Ml2.Abstractions.Tests.Exceptions;

public sealed class ExceptionMessageTests
{
    [Fact]
    public void InvalidInput_message_is_neutrons_text_with_field_and_value_apart()
    {
        var error = new InvalidInputException("provider:segmentation_id", 5000L, "segmentation_id out of range (1 through 4094)");

        error.Message.Should().Be("Invalid input for operation: segmentation_id out of range (1 through 4094).");
        error.Detail.Should().Be("segmentation_id out of range (1 through 4094)");
        error.Field.Should().Be("provider:segmentation_id");
        error.Value.Should().Be("5000");
        error.ErrorType.Should().Be("InvalidInput");
        error.Status.Should().Be(ErrorStatus.BadRequest);
    }

    [Fact]
    public void InvalidInput_attribute_failure_uses_the_api_layers_words_and_type()
    {
        var error = InvalidInputException.Attribute("binding:vnic_type", "x", "'x' is not in [baremetal, normal]");

        error.Message.Should().Be("Invalid input for binding:vnic_type. Reason: 'x' is not in [baremetal, normal].");
        error.ErrorType.Should().Be("HTTPBadRequest");
        error.Status.Should().Be(ErrorStatus.BadRequest);
        error.Field.Should().Be("binding:vnic_type");
    }

    [Fact]
    public void Quoted_values_are_cut_so_a_huge_value_gives_a_small_message()
    {
        var name = new string('n', 1_000_000);

        var error = new InvalidInputException("name", name, $"'{ErrorText.Quote(name)}' exceeds maximum length of 255");

        error.Value!.Length.Should().Be(ErrorText.MaxQuotedLength + 3);
        error.Value.Should().EndWith("...");
        error.Message.Length.Should().BeLessThan(400);
        new Ml2Exception(new string('m', 100_000)).Message.Length.Should().Be(ErrorText.MaxMessageLength + 3);
    }

    [Theory]
    [MemberData(nameof(Identities))]
    public void Every_error_carries_neutrons_type_and_status_class(Ml2Exception error, string type, ErrorStatus status)
    {
        error.ErrorType.Should().Be(type);
        error.Status.Should().Be(status);
    }

    public static TheoryData<Ml2Exception, string, ErrorStatus> Identities() => new()
    {
        { new ResourceNotFoundException("Network", "n1"), "NetworkNotFound", ErrorStatus.NotFound },
        { new ResourceNotFoundException("Load Balancer", "l1"), "LoadBalancerNotFound", ErrorStatus.NotFound },
        { ResourceInUseException.Subnet("s1"), "SubnetInUse", ErrorStatus.Conflict },
        { AddressInUseException.Mac("n1", "fa:16:3e:00:00:01"), "MacAddressInUse", ErrorStatus.Conflict },
        { AddressInUseException.Ip("n1", "10.0.0.5"), "IpAddressInUse", ErrorStatus.Conflict },
        { new SegmentInUseException("vlan", "physnet1", 100), "VlanIdInUse", ErrorStatus.Conflict },
        { new SegmentInUseException("geneve", null, 100), "TunnelIdInUse", ErrorStatus.Conflict },
        { new SegmentInUseException("flat", "physnet1", null), "FlatNetworkInUse", ErrorStatus.Conflict },
        { new IpAddressGenerationFailureException("n1"), "IpAddressGenerationFailure", ErrorStatus.Conflict },
        { new NotAuthorizedException("create_network:shared"), "PolicyNotAuthorized", ErrorStatus.NotAuthorized },
        { new NoNetworkAvailableException(), "NoNetworkAvailable", ErrorStatus.ServiceUnavailable },
        { new MechanismDriverException("create_port_precommit", [new("a", new InvalidOperationException("x"))]), "MechanismDriverError", ErrorStatus.InternalError },
        { new ExtensionDriverException("dns", new InvalidOperationException("x")), "ExtensionDriverError", ErrorStatus.BadRequest },
        { new ServiceUnavailableException(), "ServiceUnavailable", ErrorStatus.ServiceUnavailable },
        { ServiceUnavailableException.OfType("NetworkMacAddressGenerationFailure", "Unable to generate unique mac on network n1."), "NetworkMacAddressGenerationFailure", ErrorStatus.ServiceUnavailable },
        { new ConflictException("busy"), "Conflict", ErrorStatus.Conflict },
        { ConflictException.OfType("GatewayConflictWithAllocationPools", "m", "gateway_ip", "10.0.0.5"), "GatewayConflictWithAllocationPools", ErrorStatus.Conflict },
        { new Ml2Exception("boom"), "NeutronException", ErrorStatus.InternalError },
    };

    [Theory]
    [InlineData("vlan", "physnet1", 100L, "Unable to create the network. The VLAN 100 on physical network physnet1 is in use.")]
    [InlineData("vxlan", null, 1001L, "Unable to create the network. The tunnel ID 1001 is in use.")]
    [InlineData("flat", "physnet3", null, "Unable to create the flat network. Physical network physnet3 is in use.")]
    public void Segment_in_use_uses_neutron_wording_per_type(string type, string? physnet, long? id, string expected) =>
        new SegmentInUseException(type, physnet, id).Message.Should().Be(expected);

    [Fact]
    public void MechanismDriverException_keeps_operation_drivers_and_inner_exceptions()
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
    public void Not_found_and_in_use_use_neutron_wording()
    {
        new ResourceNotFoundException("Network", "n1").Message.Should().Be("Network n1 could not be found.");
        ResourceInUseException.Network("n1").Message.Should().Be("Unable to complete operation on network n1. There are one or more ports still in use on the network.");
        AddressInUseException.Ip("n1", "10.0.0.5").Message.Should().Be("Unable to complete operation for network n1. The IP address 10.0.0.5 is in use.");
        new NoNetworkAvailableException().Message.Should().Be("Unable to create the network. No tenant network is available for allocation.");
    }

    [Fact]
    public void Resource_not_found_when_id_is_huge_quotes_it_cut_but_keeps_the_whole_id()
    {
        var id = new string('7', 1024 * 1024);

        var error = new ResourceNotFoundException("Network", id);

        error.Message.Should().Be($"Network {new string('7', ErrorText.MaxQuotedLength)}... could not be found.");
        error.Id.Should().HaveLength(1024 * 1024);
    }

    [Theory]
    [InlineData("create_port:binding:host_id", "(rule:create_port and rule:create_port:binding:host_id) is disallowed by policy")]
    [InlineData("create_network:provider:network_type", "(rule:create_network and rule:create_network:provider:network_type) is disallowed by policy")]
    [InlineData("create_port_binding", "rule:create_port_binding is disallowed by policy")]
    public void NotAuthorized_words_the_check_as_oslo_policy_does(string rule, string message)
    {
        var error = new NotAuthorizedException(rule);

        error.Message.Should().Be(message);
        error.Rule.Should().Be(rule);
    }
}
