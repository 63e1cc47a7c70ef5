using Ml2.Exceptions;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>Asserts the whole Neutron identity of an error: type, status, field, value and exact message.</summary>
internal static class ErrorAssertions
{
    public static T ShouldBeNeutron<T>(this T exception, string errorType, ErrorStatus status, string? field, string? value, string message)
        where T : Ml2Exception
    {
        exception.ErrorType.Should().Be(errorType);
        exception.Status.Should().Be(status);
        exception.Field.Should().Be(field);
        exception.Value.Should().Be(value);
        exception.Message.Should().Be(message);
        return exception;
    }
}
