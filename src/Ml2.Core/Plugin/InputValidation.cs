using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>Attribute checks shared by the plugin operations; each throws before any state is touched.</summary>
internal static class InputValidation
{
    public const int MaxNameLength = 255;
    public const int MaxProfileLength = 4095;
    public const int MinMtu = 68;

    public static string Name(string field, string? value) => Length(field, value, MaxNameLength) ?? "";

    public static string? Length(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw new InvalidInputException(field, value, $"'{value}' exceeds maximum length of {max}");
        }

        return value;
    }

    public static string VnicType(string? value)
    {
        if (value is null)
        {
            return VnicTypes.Normal;
        }

        if (!VnicTypes.All.Contains(value))
        {
            throw new InvalidInputException("binding:vnic_type", value, $"'{value}' is not in [{string.Join(", ", VnicTypes.All.Order(StringComparer.Ordinal))}]");
        }

        return value;
    }

    public static IReadOnlyDictionary<string, JsonElement> Profile(IReadOnlyDictionary<string, JsonElement>? value)
    {
        if (value is null || value.Count == 0)
        {
            return ExtensionAttributes.Empty;
        }

        var json = ExtensionAttributes.ToJson(value);
        if (json.Length > MaxProfileLength)
        {
            throw new InvalidInputException("binding:profile", $"{json.Length} characters of JSON", "binding:profile value too large");
        }

        return value;
    }

    public static void Mtu(int? mtu)
    {
        if (mtu is { } value && value < MinMtu)
        {
            throw new InvalidInputException("mtu", value, $"'{value}' is too small - must be at least '{MinMtu}'");
        }
    }

    public static void Id(string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidInputException(field, id, $"'{id}' is not a valid id");
        }
    }

    /// <summary>The project the resource belongs to: the caller's, or (admin only) the one asked for.</summary>
    public static string Tenant(CallerContext caller, string? requested, string operation)
    {
        if (requested is null || requested == caller.TenantId)
        {
            return caller.TenantId;
        }

        if (!caller.IsAdmin)
        {
            throw new NotAuthorizedException($"{operation}:tenant_id");
        }

        Name("tenant_id", requested);
        if (requested.Length == 0)
        {
            throw new InvalidInputException("tenant_id", requested, "tenant_id must not be empty");
        }

        return requested;
    }

    public static void RequireAdmin(CallerContext caller, bool requested, string rule)
    {
        if (requested && !caller.IsAdmin)
        {
            throw new NotAuthorizedException(rule);
        }
    }
}
