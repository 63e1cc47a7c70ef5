using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Binding;

/// <summary>
/// The attribute checks of the <c>binding</c> sub-resource (neutron-lib's <c>portbindings_extended</c> definition),
/// with the API layer's wording (<c>HTTPBadRequest</c>, "Invalid input for vnic_type. Reason: ..."); each throws
/// before any state is touched.
/// </summary>
internal static class PortBindingInput
{
    public static string Host(string? host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length == 0)
        {
            throw InvalidInputException.Attribute("host", host, "'' Blank strings are not permitted");
        }

        if (host.Length > InputValidation.MaxNameLength)
        {
            throw InvalidInputException.Attribute("host", host, $"'{ErrorText.Quote(host)}' exceeds maximum length of {InputValidation.MaxNameLength}");
        }

        return host;
    }

    /// <summary>The API layer's <c>type:values</c> check of the sub-resource's <c>vnic_type</c> (neutron-lib's wording).</summary>
    public static string VnicType(string? value)
    {
        if (value is null)
        {
            return VnicTypes.Normal;
        }

        if (!VnicTypes.All.Contains(value))
        {
            throw InvalidInputException.Attribute("vnic_type", value, $"{ErrorText.Quote(value)} is not in valid_values");
        }

        return value;
    }

    /// <summary>The profile, at most 4095 characters of JSON (Neutron's <c>BINDING_PROFILE_LEN</c>, same message as for ports).</summary>
    public static IReadOnlyDictionary<string, JsonElement> Profile(IReadOnlyDictionary<string, JsonElement>? value)
    {
        if (value is null || value.Count == 0)
        {
            return ExtensionAttributes.Empty;
        }

        var json = ExtensionAttributes.ToJson(value);
        if (json.Length > InputValidation.MaxProfileLength)
        {
            throw new InvalidInputException("profile", $"{json.Length} characters of JSON", "binding:profile value too large");
        }

        return value;
    }
}
