using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Neutron.Attributes;

/// <summary>
/// neutron-lib's validators (<c>neutron_lib/api/validators</c>) the REST layer applies before the SDK sees a request,
/// with their exact reasons; the API layer reports them as <c>HTTPBadRequest</c> "Invalid input for X. Reason: …".
/// Values are quoted as Python prints them and cut by <see cref="ErrorText.Quote"/>.
/// </summary>
internal static class Validators
{
    /// <summary><c>type:string</c> with a maximum length (in characters, as Python counts them).</summary>
    public static Validator String(int maxLength) => value =>
        value.ValueKind != JsonValueKind.String ? $"'{Quote(value)}' is not a valid string"
        : value.GetString()!.EnumerateRunes().Count() > maxLength ? $"'{Quote(value)}' exceeds maximum length of {maxLength}"
        : null;

    /// <summary><c>type:values</c>: Neutron names no list, only the words <c>valid_values</c>.</summary>
    public static Validator Values(params object[] validValues) => value =>
        validValues.Any(v => Same(v, value)) ? null : $"{Quote(value)} is not in valid_values";

    /// <summary><c>type:non_negative</c> (after <c>convert_to_int</c>).</summary>
    public static string? NonNegative(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n) ? $"'{Quote(value)}' is not an integer"
        : n < 0 ? $"'{Quote(value)}' should be non-negative"
        : null;

    /// <summary><c>type:uuid</c>: oslo's <c>is_uuid_like</c> (dashes, braces, <c>urn:uuid:</c> and case are forgiven).</summary>
    public static string? Uuid(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && IsUuidLike(value.GetString()!) ? null : $"'{Quote(value)}' is not a valid UUID";

    /// <summary><c>type:dict_or_none</c>.</summary>
    public static string? DictOrNone(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Object ? null : $"'{Quote(value)}' is not a dictionary";

    /// <summary><c>type:fixed_ips</c>: a list of dictionaries whose <c>subnet_id</c> is a UUID (addresses are the SDK's to check).</summary>
    public static string? FixedIps(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"Invalid data format for fixed IP: '{Quote(value)}'";
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return $"Invalid data format for fixed IP: '{Quote(item)}'";
            }

            if (item.TryGetProperty("subnet_id", out var subnet) && Uuid(subnet) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary><c>type:ip_pools</c>: a list of <c>{"start", "end"}</c> dictionaries (addresses are the SDK's to check).</summary>
    public static string? IpPools(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"Invalid data format for IP pool: '{Quote(value)}'";
        }

        foreach (var pool in value.EnumerateArray())
        {
            if (pool.ValueKind != JsonValueKind.Object)
            {
                return $"Invalid input. '{Quote(pool)}' must be a dictionary with keys: ['start', 'end']";
            }

            var keys = pool.EnumerateObject().Select(p => p.Name).ToArray();
            if (keys.Length != 2 || !keys.Contains("start") || !keys.Contains("end"))
            {
                return "Validation of dictionary's keys failed. Expected keys: {'start', 'end'} Provided keys: "
                       + (keys.Length == 0 ? "set()" : $"{{{string.Join(", ", keys.Select(PythonText.Repr))}}}");
            }
        }

        return null;
    }

    private static string Quote(JsonElement value) => ErrorText.Quote(PythonText.Str(value));

    private static bool Same(object valid, JsonElement value) => valid switch
    {
        int i => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n == i,
        string s => value.ValueKind == JsonValueKind.String && value.GetString() == s,
        _ => false,
    };

    private static bool IsUuidLike(string text)
    {
        var hex = text.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return hex.Length == 32 && hex.All(char.IsAsciiHexDigit);
    }
}
