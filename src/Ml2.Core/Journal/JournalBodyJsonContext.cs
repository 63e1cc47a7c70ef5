using System.Text.Json.Serialization;
using Ml2.Model;

namespace Ml2.Journal;

/// <summary>
/// The JSON of journal entry bodies (the resource as the driver will read it): System.Text.Json's default options,
/// source-generated so that journaling needs no reflection (trimming and native AOT).
/// </summary>
[JsonSerializable(typeof(Network))]
[JsonSerializable(typeof(Subnet))]
[JsonSerializable(typeof(Port))]
internal sealed partial class JournalBodyJsonContext : JsonSerializerContext;
