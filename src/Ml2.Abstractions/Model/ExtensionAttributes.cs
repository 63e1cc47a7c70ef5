using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
    /// <param name="value">
    /// The value: a <see cref="JsonElement"/>, string, number, bool, enum (its number), <see cref="Guid"/>, date,
    /// dictionary, list, or null - written without reflection, so trimmed and native AOT hosts can use them. Any other
    /// object is serialised with System.Text.Json's reflection, where reflection-based serialisation is enabled (not by
    /// default in trimmed and AOT apps, where it throws <see cref="NotSupportedException"/>).
    /// </param>
    /// <returns>The JSON element.</returns>
    public static JsonElement ToElement(object? value)
    {
        if (value is JsonElement element)
        {
            return element;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case JsonElement e: e.WriteTo(writer); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case short or byte or sbyte or ushort: writer.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture)); break;
            case uint u: writer.WriteNumberValue(u); break;
            case ulong u: writer.WriteNumberValue(u); break;
            case Enum en: writer.WriteRawValue(en.ToString("D")); break;
            case Guid g: writer.WriteStringValue(g); break;
            case DateTime t: writer.WriteStringValue(t); break;
            case DateTimeOffset t: writer.WriteStringValue(t); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                if (!JsonSerializer.IsReflectionEnabledByDefault)
                {
                    throw new NotSupportedException(
                        $"ExtensionAttributes: a value of type {value.GetType()} needs reflection-based JSON serialisation, which this app disables (trimmed or native AOT); pass a JsonElement, string, number, bool, dictionary or list.");
                }

                WriteWithReflection(writer, value);
                break;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification =
        "Reached only for values that are none of the JSON shapes written above, and only when reflection-based serialisation is enabled; trimmed and AOT apps disable it by default (the feature switch removes this call), and then such a value throws NotSupportedException instead.")]
    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = "As for IL2026.")]
    private static void WriteWithReflection(Utf8JsonWriter writer, object value) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), JsonSerializerOptions.Default);

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
