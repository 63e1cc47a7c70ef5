namespace Ml2.Exceptions;

/// <summary>The caller's policy does not allow the operation or attribute (Neutron's PolicyNotAuthorized, HTTP 403).</summary>
public class NotAuthorizedException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rule">The policy rule, e.g. <c>create_network:provider:network_type</c>.</param>
    public NotAuthorizedException(string rule)
        : base("PolicyNotAuthorized", ErrorStatus.NotAuthorized, $"({rule}) is disallowed by policy.", null, null, null)
    {
        Rule = rule;
    }

    /// <summary>The policy rule that refused the operation.</summary>
    public string Rule { get; }
}
