namespace Ml2.Exceptions;

/// <summary>The request conflicts with the current state (HTTP 409): an id in use, a resource in use, a lost race.</summary>
public class ConflictException : Ml2Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ConflictException()
        : base("The request conflicts with the current state.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
