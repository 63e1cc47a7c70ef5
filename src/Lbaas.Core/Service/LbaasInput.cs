using System.Net;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Lbaas.Service;

/// <summary>Attribute checks of the load-balancer service; each throws <see cref="InvalidInputException"/> before any state is touched.</summary>
internal static class LbaasInput
{
    public const int MaxNameLength = 255;

    public static readonly string[] ListenerProtocols = ["HTTP", "HTTPS", "SCTP", "TCP", "TERMINATED_HTTPS", "UDP"];
    public static readonly string[] PoolProtocols = ["HTTP", "HTTPS", "PROXY", "SCTP", "TCP", "UDP"];
    public static readonly string[] Algorithms = ["LEAST_CONNECTIONS", "ROUND_ROBIN", "SOURCE_IP"];
    public static readonly string[] MonitorTypes = ["HTTP", "HTTPS", "PING", "SCTP", "TCP", "TLS-HELLO", "UDP-CONNECT"];

    public static string Name(string? value)
    {
        if (value is not null && value.Length > MaxNameLength)
        {
            throw new InvalidInputException("name", value, $"'{value}' exceeds maximum length of {MaxNameLength}");
        }

        return value ?? "";
    }

    public static void Id(string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidInputException(field, id, $"'{id}' is not a valid id");
        }
    }

    public static string OneOf(string field, string? value, string[] allowed)
    {
        if (value is null || Array.IndexOf(allowed, value) < 0)
        {
            throw new InvalidInputException(field, value, $"'{value}' is not in [{string.Join(", ", allowed)}]");
        }

        return value;
    }

    public static int Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new InvalidInputException(field, value, $"'{value}' is not in the range {min} to {max}");
        }

        return value;
    }

    public static string IpAddress(string field, string? value)
    {
        if (value is null || !IPAddress.TryParse(value, out var address))
        {
            throw new InvalidInputException(field, value, $"'{value}' is not a valid IP address");
        }

        return address.ToString();
    }

    /// <summary>The project the object belongs to: the caller's, or (admin only) the one asked for.</summary>
    public static string Tenant(CallerContext caller, string? requested, string operation)
    {
        if (requested is null || requested == caller.TenantId)
        {
            return caller.TenantId;
        }

        if (!caller.IsAdmin)
        {
            throw new NotAuthorizedException($"{operation}:project_id");
        }

        Id("project_id", requested);
        return requested;
    }
}
