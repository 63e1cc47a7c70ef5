using System.Text.Json.Serialization;

namespace Ml2.Storage.Relational.Journal;

/// <summary>The JSON form of a journal entry's dependency list.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
