using System.Text.Json;
using Lbaas.Placement;
using Lbaas.Placement.Policies;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

public sealed class ProviderMatchPolicyTests
{
    private readonly ProviderMatchPolicy _policy = new();

    public static TheoryData<string, DeviceKind, string, string?, string?> Cases => new()
    {
        // device provider, device kind, request provider, flavor device_kind, expected reason
        { "acme", DeviceKind.Physical, "acme", null, null },
        { "acme", DeviceKind.Physical, "ACME", null, null },
        { "acme", DeviceKind.Physical, "other", null, "wrong provider" },
        { "acme", DeviceKind.Physical, "acme", "physical", null },
        { "acme", DeviceKind.Physical, "acme", "Virtual", "wrong device kind" },
        { "acme", DeviceKind.Virtual, "acme", "virtual", null },
        { "acme", DeviceKind.Virtual, "acme", "unknown-kind", null },
        { "acme", DeviceKind.Virtual, "other", "virtual", "wrong provider" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_when_provider_or_kind_differ_rejects(string deviceProvider, DeviceKind kind, string requestProvider, string? flavorKind, string? expected)
    {
        var metadata = flavorKind is null
            ? new Dictionary<string, JsonElement>()
            : new Dictionary<string, JsonElement> { ["device_kind"] = JsonSerializer.SerializeToElement(flavorKind) };
        var request = Request("lb", provider: requestProvider) with { FlavorMetadata = metadata };

        var verdict = _policy.Evaluate(request, Snapshot(Device("d1", provider: deviceProvider, kind: kind)));

        verdict.RejectionReason.Should().Be(expected);
        _policy.Name.Should().Be(PlacementPolicyNames.ProviderMatch);
    }
}
