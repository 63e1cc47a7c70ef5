namespace Ml2.Exceptions;

/// <summary>The base of every domain error the SDK raises. Misuse of the API raises the BCL's argument exceptions instead.</summary>
public class Ml2Exception : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public Ml2Exception()
        : base("An ML2 operation failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public Ml2Exception(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public Ml2Exception(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
