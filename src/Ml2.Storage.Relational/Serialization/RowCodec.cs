using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ml2.Model;

namespace Ml2.Storage.Relational.Serialization;

/// <summary>How one resource type maps to its table: id, revision, group (network), lookup column and the JSON body.</summary>
internal sealed class RowCodec<T>(
    string table, string resourceType, JsonTypeInfo<T> typeInfo, Func<T, string> id, Func<T, long> revision, Func<T, string>? group, Func<T, string>? lookup = null)
    where T : class
{
    public string Table { get; } = table;

    public string ResourceType { get; } = resourceType;

    public Func<T, string> IdOf { get; } = id;

    public Func<T, long> RevisionOf { get; } = revision;

    /// <summary>The network a row belongs to, or null for tables without a network column.</summary>
    public Func<T, string>? GroupOf { get; } = group;

    /// <summary>The value of the table's lookup column (ports: the MAC address), or null for tables without one.</summary>
    public Func<T, string>? LookupOf { get; } = lookup;

    public string Serialize(T value) => JsonSerializer.Serialize(value, typeInfo);

    public T Deserialize(string body) => JsonSerializer.Deserialize(body, typeInfo)
        ?? throw new InvalidDataException($"A row of {Table} holds no {ResourceType}.");
}

/// <summary>The codecs of the ML2 tables.</summary>
internal static class RowCodecs
{
    public static RowCodec<Network> Networks { get; } =
        new("ml2_networks", "Network", StoreJsonContext.Default.Network, n => n.Id, n => n.RevisionNumber, null);

    public static RowCodec<Subnet> Subnets { get; } =
        new("ml2_subnets", "Subnet", StoreJsonContext.Default.Subnet, s => s.Id, s => s.RevisionNumber, s => s.NetworkId);

    public static RowCodec<Port> Ports { get; } =
        new("ml2_ports", "Port", StoreJsonContext.Default.Port, p => p.Id, p => p.RevisionNumber, p => p.NetworkId, p => p.MacAddress);
}
