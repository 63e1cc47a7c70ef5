namespace Ml2.Exceptions;

/// <summary>
/// One or more mechanism drivers failed in an operation (Neutron's MechanismDriverError). Keeps the operation,
/// each failing driver's name and every inner exception. <see cref="Exception.InnerException"/> is the first failure.
/// </summary>
public class MechanismDriverException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The hook, e.g. <c>create_port_precommit</c>.</param>
    /// <param name="failures">The failures, in driver order; at least one.</param>
    public MechanismDriverException(string operation, IReadOnlyList<MechanismDriverFailure> failures)
        : base("MechanismDriverError", ErrorStatus.InternalError, Format(operation, failures), null, null, failures.Count > 0 ? failures[0].Exception : null)
    {
        Operation = operation;
        Failures = failures;
    }

    /// <summary>The hook that failed, e.g. <c>create_port_precommit</c>.</summary>
    public string Operation { get; }

    /// <summary>The name of the first driver that failed.</summary>
    public string DriverName => Failures.Count > 0 ? Failures[0].DriverName : "";

    /// <summary>Every failure, in driver order.</summary>
    public IReadOnlyList<MechanismDriverFailure> Failures { get; }

    /// <summary>Every inner exception, in driver order.</summary>
    public IReadOnlyList<Exception> InnerExceptions => Failures.Select(f => f.Exception).ToArray();

    private static string Format(string operation, IReadOnlyList<MechanismDriverFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return failures.Count switch
        {
            0 => $"{operation} failed.",
            1 => $"Mechanism driver '{failures[0].DriverName}' failed in {operation}: {failures[0].Exception.Message}",
            _ => $"{failures.Count} mechanism drivers failed in {operation}: " +
                 string.Join("; ", failures.Select(f => $"'{f.DriverName}': {f.Exception.Message}")),
        };
    }
}
