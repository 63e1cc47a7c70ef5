using System.Globalization;
using System.Text;
using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>
/// Attribute checks shared by the plugin operations; each throws before any state is touched. The failures are those
/// of Neutron's API layer (neutron-lib attribute validators through <c>convert_values</c>: <c>HTTPBadRequest</c>,
/// "Invalid input for {attr}. Reason: {reason}."), with the validators' own words; every user value is quoted
/// through <see cref="ErrorText.Quote"/>.
/// </summary>
internal static class InputValidation
{
    public const int MaxNameLength = 255;
    public const int MaxProfileLength = 4095;
    public const int MinMtu = 68;

    /// <summary>A name (<c>type:string</c>, 255), refusing control characters; null = "".</summary>
    public static string Name(string field, string? value) => Text(field, value, MaxNameLength) ?? "";

    /// <summary>
    /// A free-text attribute (name, description): neutron-lib's <c>validate_string</c> (at most <paramref name="max"/>
    /// characters), and - stricter than Neutron - no control character (U+0000-U+001F, U+007F-U+009F, tab and line
    /// breaks included): such a character cannot be shown, logged or compared safely.
    /// </summary>
    public static string? Text(string field, string? value, int max)
    {
        Length(field, value, max);
        if (value is not null && value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') is var c0 && c0 >= 0)
        {
            throw ControlCharacter(field, value, c0);
        }

        if (value is not null && value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') is var c1 && c1 >= 0)
        {
            throw ControlCharacter(field, value, c1);
        }

        return value;
    }

    /// <summary>The attribute name of Neutron's standard attribute <c>description</c> (standard-attr-description).</summary>
    public const string DescriptionAttribute = "description";

    /// <summary>At most this many characters in a description (neutron-lib's DESCRIPTION_FIELD_SIZE).</summary>
    public const int MaxDescriptionLength = 255;

    /// <summary>
    /// Neutron's standard attribute <c>description</c>, carried as an extension attribute: when given as a string it is
    /// checked like a name (<c>type:string</c>, 255, no control character) before any driver sees it.
    /// </summary>
    public static void Description(IReadOnlyDictionary<string, JsonElement>? attributes)
    {
        if (attributes is not null
            && attributes.TryGetValue(DescriptionAttribute, out var value)
            && value.ValueKind == JsonValueKind.String)
        {
            Text(DescriptionAttribute, value.GetString(), MaxDescriptionLength);
        }
    }

    /// <summary>neutron-lib's <c>validate_string</c> length rule: "'{value}' exceeds maximum length of {max}".</summary>
    public static string? Length(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw InvalidInputException.Attribute(field, value, $"'{ErrorText.Quote(value)}' exceeds maximum length of {max.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    /// <summary>neutron-lib's <c>validate_values</c> on <c>binding:vnic_type</c>: "{value} is not in valid_values".</summary>
    public static string VnicType(string? value)
    {
        if (value is null)
        {
            return VnicTypes.Normal;
        }

        if (!VnicTypes.All.Contains(value))
        {
            throw InvalidInputException.Attribute("binding:vnic_type", value, $"{ErrorText.Quote(value)} is not in valid_values");
        }

        return value;
    }

    /// <summary>Neutron's <c>_process_port_binding_attributes</c>: InvalidInput "binding:profile value too large".</summary>
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

    /// <summary>
    /// The network <c>mtu</c>: neutron-lib's <c>validate_non_negative</c>, then (stricter than Neutron, which takes any
    /// non-negative value) at least 68, the IPv4 minimum, in <c>validate_range</c>'s words.
    /// </summary>
    public static void Mtu(int? mtu)
    {
        if (mtu is not { } value)
        {
            return;
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        if (value < 0)
        {
            throw InvalidInputException.Attribute("mtu", value, $"'{text}' should be non-negative");
        }

        if (value < MinMtu)
        {
            throw InvalidInputException.Attribute("mtu", value, $"'{text}' is too small - must be at least '{MinMtu.ToString(CultureInfo.InvariantCulture)}'");
        }
    }

    /// <summary>neutron-lib's <c>validate_uuid</c> on an attribute (e.g. <c>network_id</c>): "'{value}' is not a valid UUID".</summary>
    public static void Uuid(string field, string? value)
    {
        if (!IsUuidLike(value))
        {
            throw InvalidInputException.Attribute(field, value, $"'{ErrorText.Quote(value)}' is not a valid UUID");
        }
    }

    /// <summary>
    /// The id of a resource to read, update or delete: an empty or blank id names no resource and is refused with
    /// InvalidInput naming <paramref name="field"/>; any other id is looked up (an unknown one is Neutron's 404).
    /// </summary>
    public static void ResourceId(string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidInputException(field, id, $"'{ErrorText.Quote(id)}' is not a valid id");
        }
    }

    /// <summary>
    /// The project the resource belongs to: the caller's, or (admin only) the one asked for. A non-admin naming
    /// another project is refused as neutron-lib's <c>_validate_privileges</c> does (HTTPBadRequest, 400).
    /// </summary>
    public static string Tenant(CallerContext caller, string? requested)
    {
        if (requested is null || requested == caller.TenantId)
        {
            return caller.TenantId;
        }

        if (!caller.IsAdmin)
        {
            throw InvalidInputException.OfType(
                InvalidInputException.HttpBadRequestType,
                "tenant_id",
                requested,
                "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges");
        }

        Text("tenant_id", requested, MaxNameLength);
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

    /// <summary>oslo's <c>is_uuid_like</c>: a UUID in any of the forms <see cref="Guid"/> reads, hyphens optional, braces and urn:uuid: allowed.</summary>
    private static bool IsUuidLike(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return false;
        }

        var text = value.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) ? value[9..] : value;
        text = text.Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return text.Length == 32 && text.All(char.IsAsciiHexDigit);
    }

    private static InvalidInputException ControlCharacter(string field, string value, int index) =>
        InvalidInputException.Attribute(
            field,
            value,
            $"'{Escape(ErrorText.Quote(value))}' contains the control character U+{((int)value[index]).ToString("X4", CultureInfo.InvariantCulture)} at position {index.ToString(CultureInfo.InvariantCulture)}; control characters are not allowed");

    /// <summary>Control characters written as <c>\uXXXX</c>, so that the message itself carries none.</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
