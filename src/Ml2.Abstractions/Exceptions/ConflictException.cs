namespace Ml2.Exceptions;

/// <summary>
/// The request conflicts with the current state (<see cref="ErrorStatus.Conflict"/>, HTTP 409): an id in use, a resource
/// in use, a lost race. <see cref="Ml2Exception.ErrorType"/> is <c>Conflict</c> unless a more precise Neutron type is given
/// through <see cref="OfType"/> (e.g. <c>GatewayConflictWithAllocationPools</c>).
/// </summary>
public class ConflictException : Ml2Exception
{
    /// <summary>Neutron's <c>Conflict</c> type name.</summary>
    public const string ConflictType = "Conflict";

    /// <summary>Creates the exception with a default message.</summary>
    public ConflictException()
        : this("The request conflicts with the current state.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ConflictException(string message)
        : this(ConflictType, message, null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConflictException(string message, Exception? innerException)
        : this(ConflictType, message, null, null, innerException)
    {
    }

    /// <summary>Creates the exception with every part given.</summary>
    /// <param name="errorType">Neutron's exception class name.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    /// <param name="field">The field to blame, or null.</param>
    /// <param name="value">The value to blame, or null.</param>
    /// <param name="innerException">The cause.</param>
    protected ConflictException(string errorType, string message, string? field, object? value, Exception? innerException)
        : base(errorType, ErrorStatus.Conflict, message, field, value, innerException)
    {
    }

    /// <summary>A conflict of a more precise Neutron type.</summary>
    /// <param name="errorType">Neutron's exception class name, e.g. <c>GatewayConflictWithAllocationPools</c>.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    /// <param name="field">The field to blame, or null.</param>
    /// <param name="value">The value to blame, or null.</param>
    /// <returns>The exception.</returns>
    public static ConflictException OfType(string errorType, string message, string? field = null, object? value = null) =>
        new(errorType, message, field, value, null);
}
