namespace Ml2.Exceptions;

/// <summary>
/// Bad input (<see cref="ErrorStatus.BadRequest"/>, HTTP 400); nothing was changed. <see cref="Ml2Exception.ErrorType"/>
/// names Neutron's exception: <c>InvalidInput</c> for the constructors ("Invalid input for operation: detail."),
/// <c>HTTPBadRequest</c> for <see cref="Attribute"/> (the API layer's "Invalid input for field. Reason: reason."), or a
/// more precise one through <see cref="OfType"/> (e.g. <c>OutOfBoundsAllocationPool</c>, <c>InvalidIpForSubnet</c>).
/// <see cref="Ml2Exception.Field"/> and <see cref="Ml2Exception.Value"/> always name the offending field and value.
/// </summary>
public class InvalidInputException : Ml2Exception
{
    /// <summary>Neutron's <c>InvalidInput</c> type name.</summary>
    public const string InvalidInputType = "InvalidInput";

    /// <summary>The type name the Neutron API layer answers for attribute validation failures.</summary>
    public const string HttpBadRequestType = "HTTPBadRequest";

    /// <summary>Creates Neutron's <c>InvalidInput</c>: "Invalid input for operation: <paramref name="detail"/>."</summary>
    /// <param name="field">The offending field, by its Neutron attribute name (e.g. <c>provider:segmentation_id</c>).</param>
    /// <param name="value">The offending value.</param>
    /// <param name="detail">What is wrong, in Neutron's wording; user values in it quoted with <see cref="ErrorText.Quote"/>.</param>
    public InvalidInputException(string field, object? value, string detail)
        : this(field, value, detail, null)
    {
    }

    /// <summary>Creates Neutron's <c>InvalidInput</c>: "Invalid input for operation: <paramref name="detail"/>."</summary>
    /// <param name="field">The offending field.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="detail">What is wrong, in Neutron's wording.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidInputException(string field, object? value, string detail, Exception? innerException)
        : this(InvalidInputType, field, value, $"Invalid input for operation: {detail}.", detail, innerException)
    {
    }

    /// <summary>Creates the exception with every part given.</summary>
    /// <param name="errorType">Neutron's exception class name.</param>
    /// <param name="field">The offending field.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="message">The whole message, in Neutron's wording.</param>
    /// <param name="detail">What is wrong without the message's frame.</param>
    /// <param name="innerException">The cause.</param>
    protected InvalidInputException(string errorType, string field, object? value, string message, string detail, Exception? innerException)
        : base(errorType, ErrorStatus.BadRequest, message, field ?? throw new ArgumentNullException(nameof(field)), value, innerException)
    {
        Detail = ErrorText.Cut(detail, ErrorText.MaxMessageLength);
    }

    /// <summary>What is wrong, in Neutron's wording, without the message's frame ("Invalid input for ...").</summary>
    public string Detail { get; }

    /// <summary>
    /// The Neutron API layer's attribute validation failure (<c>HTTPBadRequest</c>):
    /// "Invalid input for <paramref name="field"/>. Reason: <paramref name="reason"/>."
    /// </summary>
    /// <param name="field">The attribute.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="reason">The validator's words, without a final period.</param>
    /// <returns>The exception.</returns>
    public static InvalidInputException Attribute(string field, object? value, string reason) =>
        new(HttpBadRequestType, field, value, $"Invalid input for {field}. Reason: {reason}.", reason, null);

    /// <summary>A bad-input error of a more precise Neutron type, e.g. <c>OutOfBoundsAllocationPool</c>.</summary>
    /// <param name="errorType">Neutron's exception class name.</param>
    /// <param name="field">The offending field.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="message">The message, in Neutron's wording.</param>
    /// <returns>The exception.</returns>
    public static InvalidInputException OfType(string errorType, string field, object? value, string message) =>
        new(errorType, field, value, message, message, null);
}
