using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lbaas.Storage;

namespace Lbaas.Storage.Relational;

/// <summary>
/// Stored LBaaS bodies to and from JSON through <see cref="LbaasStoredTypes.JsonOptions"/>, by their source-generated
/// <see cref="JsonTypeInfo{T}"/> (no reflection: trimming and native AOT are safe).
/// </summary>
internal static class LbaasJson
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static T? Deserialize<T>(string body) => JsonSerializer.Deserialize(body, TypeInfo<T>());

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)LbaasStoredTypes.JsonOptions.GetTypeInfo(typeof(T));
}
