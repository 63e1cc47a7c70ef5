using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ml2.Samples.RestHost.Json;

/// <summary>
/// JSON values as Python prints them, because Neutron's messages interpolate the decoded request value with
/// <c>%s</c>: <c>str()</c> of a string is the string, of <c>true</c> is <c>True</c>, of <c>null</c> is <c>None</c>,
/// of a list is <c>['a', 1]</c> (<c>repr()</c> of each item).
/// </summary>
internal static class PythonText
{
    /// <summary>Python's <c>str()</c> of the decoded JSON value.</summary>
    public static string Str(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : Repr(value);

    /// <summary>Python's <c>repr()</c> of the decoded JSON value.</summary>
    public static string Repr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Repr(value.GetString()!),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Null => "None",
        JsonValueKind.Number => Number(value),
        JsonValueKind.Array => $"[{string.Join(", ", value.EnumerateArray().Select(Repr))}]",
        JsonValueKind.Object => $"{{{string.Join(", ", value.EnumerateObject().Select(p => $"{Repr(p.Name)}: {Repr(p.Value)}"))}}}",
        _ => value.GetRawText(),
    };

    /// <summary>Python's <c>repr()</c> of a string: single quotes unless the text holds one and no double quote.</summary>
    public static string Repr(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                _ when c == quote => builder.Append('\\').Append(c),
                _ when c < ' ' || c == '\x7f' => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>A JSON number as Python decodes and prints it: integers as written, others as floats (<c>1.0</c>).</summary>
    private static string Number(JsonElement value)
    {
        var raw = value.GetRawText();
        if (!raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return raw;
        }

        var d = value.GetDouble();
        return double.IsInteger(d) && Math.Abs(d) < 1e16 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
    }
}
