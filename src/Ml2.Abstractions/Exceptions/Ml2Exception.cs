namespace Ml2.Exceptions;

/// <summary>
/// The base of every domain error the SDK raises. Misuse of the API raises the BCL's argument exceptions instead.
/// Each error carries Neutron's identity as data: <see cref="ErrorType"/> (the neutron-lib exception class name a
/// REST host puts in <c>NeutronError.type</c>) and <see cref="Status"/> (its status class); the message is Neutron's text.
/// When one field and value are to blame they are kept apart in <see cref="Field"/> and <see cref="Value"/>.
/// </summary>
public class Ml2Exception : Exception
{
    /// <summary>Neutron's catch-all type, used when no more precise one applies.</summary>
    public const string NeutronExceptionType = "NeutronException";

    /// <summary>Creates the exception with a default message.</summary>
    public Ml2Exception()
        : this(NeutronExceptionType, ErrorStatus.InternalError, "An unknown exception occurred.", null, null, null)
    {
    }

    /// <summary>Creates the exception (<c>NeutronException</c>, <see cref="ErrorStatus.InternalError"/>).</summary>
    /// <param name="message">The message.</param>
    public Ml2Exception(string message)
        : this(NeutronExceptionType, ErrorStatus.InternalError, message, null, null, null)
    {
    }

    /// <summary>Creates the exception (<c>NeutronException</c>, <see cref="ErrorStatus.InternalError"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public Ml2Exception(string message, Exception? innerException)
        : this(NeutronExceptionType, ErrorStatus.InternalError, message, null, null, innerException)
    {
    }

    /// <summary>Creates the exception with its Neutron identity.</summary>
    /// <param name="errorType">Neutron's exception class name, e.g. <c>OutOfBoundsAllocationPool</c>.</param>
    /// <param name="status">Its status class.</param>
    /// <param name="message">Neutron's message text; cut to <see cref="ErrorText.MaxMessageLength"/>.</param>
    /// <param name="field">The offending field by its Neutron attribute name, or null.</param>
    /// <param name="value">The offending value, or null; kept as text cut by <see cref="ErrorText.Quote"/>.</param>
    /// <param name="innerException">The cause.</param>
    protected Ml2Exception(string errorType, ErrorStatus status, string message, string? field, object? value, Exception? innerException)
        : base(ErrorText.Cut(message ?? "", ErrorText.MaxMessageLength), innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ErrorType = errorType;
        Status = status;
        Field = field;
        Value = field is null && value is null ? null : value is null ? "null" : ErrorText.Quote(value);
    }

    /// <summary>Neutron's exception class name (<c>NeutronError.type</c>), e.g. <c>InvalidInput</c> or <c>NetworkNotFound</c>.</summary>
    public string ErrorType { get; }

    /// <summary>The status class (its value is the HTTP status).</summary>
    public ErrorStatus Status { get; }

    /// <summary>The offending field by its Neutron attribute name, when one field is to blame.</summary>
    public string? Field { get; }

    /// <summary>The offending value as text (cut to <see cref="ErrorText.MaxQuotedLength"/> characters), when a field is to blame.</summary>
    public string? Value { get; }
}
