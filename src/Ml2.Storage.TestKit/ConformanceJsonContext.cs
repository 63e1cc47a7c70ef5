using System.Text.Json.Serialization;
using Ml2.Model;

namespace Ml2.Storage.TestKit;

/// <summary>The rows the suites compare as JSON (source-generated, so the kit stays trim- and AOT-clean).</summary>
[JsonSerializable(typeof(Network))]
[JsonSerializable(typeof(Subnet))]
[JsonSerializable(typeof(Port))]
internal sealed partial class ConformanceJsonContext : JsonSerializerContext;
