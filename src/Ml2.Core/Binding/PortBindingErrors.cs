using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Binding;

/// <summary>Neutron's errors of the <c>binding-extended</c> operations, with its exact types and wording.</summary>
internal static class PortBindingErrors
{
    public static ResourceNotFoundException NotFound(string portId, string host) =>
        ResourceNotFoundException.OfType("PortBindingNotFound", "Port binding", portId,
            $"Binding for port {ErrorText.Quote(portId)} for host {ErrorText.Quote(host)} could not be found.");

    public static ConflictException AlreadyActive(string portId, string host) =>
        ConflictException.OfType("PortBindingAlreadyActive",
            $"Binding for port {ErrorText.Quote(portId)} on host {ErrorText.Quote(host)} is already active.", "host", host);

    public static ConflictException AlreadyExists(string portId, string host) =>
        ConflictException.OfType("PortBindingAlreadyExists",
            $"Binding for port {ErrorText.Quote(portId)} on host {ErrorText.Quote(host)} already exists.", "host", host);

    /// <summary>Neutron's <c>_validate_compute_port</c>: the operations are only valid on ports owned by a compute instance.</summary>
    public static void RequireComputePort(Port port)
    {
        if (!port.DeviceOwner.StartsWith(DeviceOwners.ComputePrefix, StringComparison.Ordinal))
        {
            throw InvalidInputException.OfType("BadRequest", "device_owner", port.DeviceOwner,
                $"Bad port request: Invalid port {ErrorText.Quote(port.Id)}. Operation only valid on compute ports.");
        }
    }
}
