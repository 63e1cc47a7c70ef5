using System.Globalization;

namespace Ml2.Exceptions;

/// <summary>
/// Bad input (Neutron's <c>InvalidInput</c>, HTTP 400). <see cref="Detail"/> carries Neutron's wording;
/// the message adds the offending field and value.
/// </summary>
public class InvalidInputException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The offending field, by its Neutron attribute name (e.g. <c>provider:segmentation_id</c>).</param>
    /// <param name="value">The offending value.</param>
    /// <param name="detail">What is wrong, in Neutron's wording.</param>
    public InvalidInputException(string field, object? value, string detail)
        : this(field, value, detail, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="field">The offending field.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="detail">What is wrong, in Neutron's wording.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidInputException(string field, object? value, string detail, Exception? innerException)
        : base(Format(field, value, detail), innerException)
    {
        Field = field;
        Value = FormatValue(value);
        Detail = detail;
    }

    /// <summary>The offending field.</summary>
    public string Field { get; }

    /// <summary>The offending value as text (<c>null</c> when absent).</summary>
    public string Value { get; }

    /// <summary>What is wrong, in Neutron's wording (without the field/value suffix).</summary>
    public string Detail { get; }

    private static string Format(string field, object? value, string detail) =>
        $"Invalid input for operation: {detail}. Field '{field}', value '{FormatValue(value)}'.";

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
