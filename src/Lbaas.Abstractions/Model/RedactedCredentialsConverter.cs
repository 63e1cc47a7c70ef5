using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lbaas;

/// <summary>Serialises <see cref="DeviceCredentials"/> as null and never reads them from JSON.</summary>
public sealed class RedactedCredentialsConverter : JsonConverter<DeviceCredentials>
{
    /// <inheritdoc />
    public override DeviceCredentials? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return null;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DeviceCredentials value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNullValue();
    }
}
