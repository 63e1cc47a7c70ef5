namespace Ml2.Exceptions;

/// <summary>
/// The database refused a write because of a concurrent one (a serialization failure, a deadlock, a lock wait that
/// timed out, or a unique or foreign-key violation caused by a racing transaction). Nothing of the transaction is
/// kept; the whole operation may be retried, and the plugin retries it a bounded number of times.
/// </summary>
public sealed class StoreConflictException : ConcurrencyConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What the database reported, e.g. <c>serialization failure</c>.</param>
    /// <param name="code">The database's error code (a PostgreSQL SQLSTATE or a SQLite result code).</param>
    /// <param name="innerException">The database's exception.</param>
    public StoreConflictException(string reason, string code, Exception? innerException)
        : base($"The store refused the transaction because of a concurrent one ({reason}, code {code}); the operation may be retried.", innerException)
    {
        Reason = reason;
        Code = code;
    }

    /// <summary>What the database reported.</summary>
    public string Reason { get; }

    /// <summary>The database's error code.</summary>
    public string Code { get; }
}
