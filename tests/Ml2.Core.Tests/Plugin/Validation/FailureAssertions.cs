using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Shared assertions of the validation tests: a typed failure that leaves the store exactly as it was.</summary>
internal static class FailureAssertions
{
    /// <summary>Runs <paramref name="act"/>, expects <typeparamref name="T"/> and an unchanged store.</summary>
    public static async Task<T> ThrowsAndLeavesStoreUnchangedAsync<T>(this TestHost host, Func<Task> act)
        where T : Exception
    {
        var before = StoreSnapshot.Capture(host.Store);
        var exception = (await act.Should().ThrowAsync<T>()).Which;
        StoreSnapshot.Capture(host.Store).Should().Be(before, "a rejected request must leave no trace in the store");
        return exception;
    }

    /// <summary>Asserts that an invalid-input error names the offending field and value in its properties (the message is Neutron's text).</summary>
    public static InvalidInputException ShouldName(this InvalidInputException exception, string field, string value)
    {
        exception.Field.Should().Be(field);
        exception.Value.Should().Be(value);
        exception.Status.Should().Be(ErrorStatus.BadRequest);
        return exception;
    }
}
