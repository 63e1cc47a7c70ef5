using System.Text.Json.Serialization;
using Ml2.Model;

namespace Ml2.Storage.Relational.Serialization;

/// <summary>The JSON form of the rows' bodies (source-generated: no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Network))]
[JsonSerializable(typeof(Subnet))]
[JsonSerializable(typeof(Port))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
