namespace Ml2.Exceptions;

/// <summary>
/// An extension driver failed while extending a resource (Neutron's ExtensionDriverError, "Extension {driver} failed.",
/// an InvalidInput subclass in neutron/plugins/ml2/common/exceptions.py: <see cref="ErrorStatus.BadRequest"/>).
/// </summary>
public class ExtensionDriverException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="driverName">The extension driver's alias.</param>
    /// <param name="innerException">What it threw.</param>
    public ExtensionDriverException(string driverName, Exception innerException)
        : base("ExtensionDriverError", ErrorStatus.BadRequest, $"Extension {driverName} failed.", null, null, innerException)
    {
        DriverName = driverName;
    }

    /// <summary>The extension driver's alias.</summary>
    public string DriverName { get; }
}
