namespace Ml2.Exceptions;

/// <summary>
/// The caller's policy does not allow the operation or attribute (Neutron's PolicyNotAuthorized, HTTP 403). The message
/// is oslo.policy's, with the check Neutron builds: an action alone is <c>rule:create_port_binding is disallowed by
/// policy</c>; an attribute rule is checked together with its action,
/// <c>(rule:create_port and rule:create_port:binding:host_id) is disallowed by policy</c>.
/// </summary>
public class NotAuthorizedException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rule">The policy rule, e.g. <c>create_network:provider:network_type</c>.</param>
    public NotAuthorizedException(string rule)
        : base("PolicyNotAuthorized", ErrorStatus.NotAuthorized, $"{CheckOf(rule)} is disallowed by policy", null, null, null)
    {
        Rule = rule;
    }

    private static string CheckOf(string? rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var colon = rule.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? $"(rule:{rule[..colon]} and rule:{rule})" : $"rule:{rule}";
    }

    /// <summary>The policy rule that refused the operation.</summary>
    public string Rule { get; }
}
