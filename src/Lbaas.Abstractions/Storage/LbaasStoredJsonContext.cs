using System.Text.Json;
using System.Text.Json.Serialization;
using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Storage;

/// <summary>
/// The JSON of stored LBaaS bodies (web defaults: camelCase names, case-insensitive reads), source-generated so that
/// a store needs no reflection (trimming and native AOT). Behind <see cref="LbaasStoredTypes.JsonOptions"/>: every type
/// an LBaaS store (<see cref="ILbaasObjectStore"/>, <see cref="IDeviceStore"/>, <see cref="IAgentStore"/>) stores or returns, and lists of them.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LoadBalancer))]
[JsonSerializable(typeof(Listener))]
[JsonSerializable(typeof(LoadBalancerPool))]
[JsonSerializable(typeof(Member))]
[JsonSerializable(typeof(HealthMonitor))]
[JsonSerializable(typeof(LoadBalancerPlacementRecord))]
[JsonSerializable(typeof(Device))]
[JsonSerializable(typeof(LoadBalancerClaim))]
[JsonSerializable(typeof(DeviceState))]
[JsonSerializable(typeof(DeviceClaim))]
[JsonSerializable(typeof(AgentRecord))]
[JsonSerializable(typeof(List<Device>))]
[JsonSerializable(typeof(List<DeviceState>))]
[JsonSerializable(typeof(List<DeviceClaim>))]
[JsonSerializable(typeof(List<AgentRecord>))]
[JsonSerializable(typeof(IReadOnlyList<Device>))]
[JsonSerializable(typeof(IReadOnlyList<DeviceState>))]
[JsonSerializable(typeof(IReadOnlyList<DeviceClaim>))]
[JsonSerializable(typeof(IReadOnlyList<AgentRecord>))]
internal sealed partial class LbaasStoredJsonContext : JsonSerializerContext;
