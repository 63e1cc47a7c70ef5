namespace Ml2.Exceptions;

/// <summary>
/// A port binding could not be created or activated (Neutron's <c>PortBindingError</c>, HTTP 500): no mechanism
/// driver bound the port on the host, or the activation could not be committed.
/// </summary>
public class PortBindingException : Ml2Exception
{
    /// <summary>Neutron's <c>PortBindingError</c> type name.</summary>
    public const string PortBindingErrorType = "PortBindingError";

    /// <summary>Creates the exception with Neutron's wording: "Binding for port P on host H could not be created or updated."</summary>
    /// <param name="portId">The port.</param>
    /// <param name="host">The host.</param>
    public PortBindingException(string portId, string host)
        : base(PortBindingErrorType, ErrorStatus.InternalError, $"Binding for port {ErrorText.Quote(portId)} on host {ErrorText.Quote(host)} could not be created or updated.", null, null, null)
    {
        PortId = portId;
        Host = host;
    }

    /// <summary>The port.</summary>
    public string PortId { get; }

    /// <summary>The host.</summary>
    public string Host { get; }
}
