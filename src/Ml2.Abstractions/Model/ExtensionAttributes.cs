using System.Collections.Frozen;
using System.Text.Json;

namespace Ml2.Model;

/// <summary>Helpers for the JSON-valued attribute maps on models (extension attributes, binding profile, vif details).</summary>
public static class ExtensionAttributes
{
    /// <summary>An empty, immutable attribute map.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Empty { get; } = FrozenDictionary<string, JsonElement>.Empty;

    /// <summary>Builds an immutable attribute map from plain .NET values (each serialised to a <see cref="JsonElement"/>).</summary>
    /// <param name="values">Name/value pairs; values are serialised with System.Text.Json.</param>
    /// <returns>An immutable map.</returns>
    public static IReadOnlyDictionary<string, JsonElement> From(params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return Empty;
        }

        var map = new Dictionary<string, JsonElement>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            map[name] = ToElement(value);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Serialises one value to a detached <see cref="JsonElement"/>.</summary>
    /// <param name="value">The value (string, number, bool, dictionary, list, or null).</param>
    /// <returns>The JSON element.</returns>
    public static JsonElement ToElement(object? value) => value switch
    {
        JsonElement e => e,
        null => JsonSerializer.SerializeToElement<object?>(null, JsonSerializerOptions.Default),
        string s => JsonSerializer.SerializeToElement(s, JsonSerializerOptions.Default),
        bool b => JsonSerializer.SerializeToElement(b, JsonSerializerOptions.Default),
        int i => JsonSerializer.SerializeToElement(i, JsonSerializerOptions.Default),
        long l => JsonSerializer.SerializeToElement(l, JsonSerializerOptions.Default),
        double d => JsonSerializer.SerializeToElement(d, JsonSerializerOptions.Default),
        _ => JsonDocument.Parse(JsonSerializer.Serialize(value, value.GetType(), JsonSerializerOptions.Default)).RootElement.Clone(),
    };

    /// <summary>Serialises a map to compact JSON (keys in ordinal order, so equal maps give equal text).</summary>
    /// <param name="map">The map.</param>
    /// <returns>The JSON text; <c>{}</c> for an empty map.</returns>
    public static string ToJson(IReadOnlyDictionary<string, JsonElement>? map)
    {
        if (map is null || map.Count == 0)
        {
            return "{}";
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var key in map.Keys.Order(StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                map[key].WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Structural equality of two attribute maps (same keys, same JSON values).</summary>
    /// <param name="left">The first map.</param>
    /// <param name="right">The second map.</param>
    /// <returns>Whether both maps hold the same attributes.</returns>
    public static bool AreEqual(IReadOnlyDictionary<string, JsonElement>? left, IReadOnlyDictionary<string, JsonElement>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        var leftCount = left?.Count ?? 0;
        var rightCount = right?.Count ?? 0;
        if (leftCount != rightCount)
        {
            return false;
        }

        if (leftCount == 0)
        {
            return true;
        }

        foreach (var (key, value) in left!)
        {
            if (!right!.TryGetValue(key, out var other) || !JsonElement.DeepEquals(value, other))
            {
                return false;
            }
        }

        return true;
    }
}
