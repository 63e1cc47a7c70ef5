namespace Ml2.Exceptions;

/// <summary>
/// A mechanism driver refused a VLAN-transparent network (Neutron's <c>VlanTransparencyDriverError</c>, "Backend does
/// not support VLAN Transparency."). Neutron raises it as a plain <c>NeutronException</c>, which its API layer answers
/// with HTTP 500, so <see cref="Ml2Exception.Status"/> is <see cref="ErrorStatus.InternalError"/>.
/// </summary>
public class VlanTransparencyDriverException : Ml2Exception
{
    /// <summary>Creates the exception with Neutron's wording.</summary>
    public VlanTransparencyDriverException()
        : this("Backend does not support VLAN Transparency.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public VlanTransparencyDriverException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VlanTransparencyDriverException(string message, Exception? innerException)
        : base("VlanTransparencyDriverError", ErrorStatus.InternalError, message, "vlan_transparent", true, innerException)
    {
    }
}
