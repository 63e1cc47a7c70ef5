using System.Globalization;
using System.Net;
using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Neutron.Attributes;

/// <summary>
/// neutron-lib's converters (<c>neutron_lib/api/converters.py</c>) with their exact words: a value they cannot convert
/// is Neutron's <c>InvalidInput</c> ("Invalid input for operation: 'maybe' cannot be converted to boolean.").
/// </summary>
internal static class Converters
{
    private static readonly string[] s_true = ["1", "t", "true", "on", "y", "yes"];
    private static readonly string[] s_false = ["0", "f", "false", "off", "n", "no"];

    /// <summary>Binds a converter to the attribute it reports in <see cref="Ml2Exception.Field"/>.</summary>
    public static Converter For(string attribute, Func<string, JsonElement, JsonElement> convert) => value => convert(attribute, value);

    /// <summary><c>convert_to_boolean</c>: oslo's strict <c>bool_from_string</c> on <c>str(value)</c>.</summary>
    public static JsonElement Boolean(string attribute, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => value,
        _ => BooleanText(attribute, PythonText.Str(value)) ? True : False,
    };

    /// <summary><c>convert_to_boolean</c> of a query-string value.</summary>
    public static bool BooleanText(string attribute, string text)
    {
        var lowered = text.Trim().ToLowerInvariant();
        return s_true.Contains(lowered) ? true
            : s_false.Contains(lowered) ? false
            : throw new InvalidInputException(attribute, text, $"'{ErrorText.Quote(text)}' cannot be converted to boolean");
    }

    /// <summary><c>convert_to_int</c>: Python's <c>int()</c> (whole numbers, truncated floats, booleans, digit strings).</summary>
    public static JsonElement Integer(string attribute, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out _):
                return value;
            case JsonValueKind.Number when double.IsFinite(value.GetDouble()) && Math.Abs(value.GetDouble()) < 9.2e18:
                return JsonSerializer.SerializeToElement((long)Math.Truncate(value.GetDouble()));
            case JsonValueKind.True:
                return JsonSerializer.SerializeToElement(1);
            case JsonValueKind.False:
                return JsonSerializer.SerializeToElement(0);
            case JsonValueKind.String when IntegerText(value.GetString()!) is { } n:
                return JsonSerializer.SerializeToElement(n);
            default:
                var text = PythonText.Str(value);
                throw new InvalidInputException(attribute, text, $"'{ErrorText.Quote(text)}' is not an integer");
        }
    }

    /// <summary><c>convert_to_int</c> of a query-string value.</summary>
    public static long IntegerFilter(string attribute, string text) =>
        IntegerText(text) ?? throw new InvalidInputException(attribute, text, $"'{ErrorText.Quote(text)}' is not an integer");

    /// <summary><c>convert_none_to_empty_list</c>.</summary>
    public static JsonElement NoneToEmptyList(string attribute, JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? JsonSerializer.SerializeToElement(Array.Empty<object>()) : value;

    /// <summary><c>convert_cidr_to_canonical_format</c>: what is not <c>address[/prefix]</c> is "… is not in a CIDR format" (unquoted).</summary>
    public static JsonElement Cidr(string attribute, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && IsCidr(value.GetString()!))
        {
            return value;
        }

        var text = PythonText.Str(value);
        throw new InvalidInputException(attribute, text, $"{ErrorText.Quote(text)} is not in a CIDR format");
    }

    /// <summary><c>convert_kvp_list_to_dict</c> of <c>fixed_ips</c> filters: each value is <c>key=value</c>.</summary>
    public static IReadOnlyList<string> KeyValuePairs(string attribute, IReadOnlyList<string> values)
    {
        if (values is ["True"])
        {
            return [];
        }

        foreach (var text in values)
        {
            var parts = text.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
            {
                throw new InvalidInputException(attribute, text, $"'{ErrorText.Quote(text)}' is not of the form <key>=[value]");
            }
        }

        return [.. values.Select(v => string.Join('=', v.Split('=', 2).Select(p => p.Trim())))];
    }

    /// <summary>Python's <c>int(str)</c>: surrounding whitespace, a sign, digits with single underscores between them.</summary>
    private static long? IntegerText(string text)
    {
        var t = text.Trim();
        var digits = t.StartsWith('+') || t.StartsWith('-') ? t[1..] : t;
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[^1])
            || digits.Any(c => !char.IsAsciiDigit(c) && c != '_') || digits.Contains("__", StringComparison.Ordinal))
        {
            return null;
        }

        return long.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
    }

    private static bool IsCidr(string text)
    {
        var parts = text.Split('/', 2);
        if (!IPAddress.TryParse(parts[0], out var address) || parts[0].Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        var max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        return parts.Length == 1
               || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= max);
    }

    private static JsonElement True { get; } = JsonSerializer.SerializeToElement(true);

    private static JsonElement False { get; } = JsonSerializer.SerializeToElement(false);
}
