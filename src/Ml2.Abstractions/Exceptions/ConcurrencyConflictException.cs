namespace Ml2.Exceptions;

/// <summary>An optimistic-concurrency check failed: the stored revision is not the one the writer read.</summary>
public class ConcurrencyConflictException : ConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="resourceType">The resource type.</param>
    /// <param name="id">The resource id.</param>
    /// <param name="expectedRevision">The revision the writer expected.</param>
    /// <param name="actualRevision">The revision found, or null when the resource is gone.</param>
    public ConcurrencyConflictException(string resourceType, string id, long expectedRevision, long? actualRevision)
        : base($"{resourceType} {id} was changed concurrently: expected revision {expectedRevision}, found {(actualRevision is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}.")
    {
        ResourceType = resourceType;
        Id = id;
        ExpectedRevision = expectedRevision;
        ActualRevision = actualRevision;
    }

    /// <summary>Creates the exception for a conflict the database detected rather than a revision check.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    protected ConcurrencyConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ResourceType = "";
        Id = "";
    }

    /// <summary>The resource type (empty when the database detected the conflict).</summary>
    public string ResourceType { get; }

    /// <summary>The resource id (empty when the database detected the conflict).</summary>
    public string Id { get; }

    /// <summary>The revision the writer expected.</summary>
    public long ExpectedRevision { get; }

    /// <summary>The revision found, or null when the resource is gone.</summary>
    public long? ActualRevision { get; }
}
