using System.Text.Json;
using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Placement.Judging;
using Lbaas.Storage;
using Lbaas;
using Ml2.TestUtilities;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

/// <summary>
/// The built-in policies judge the scheduler's devices from the cache's facts table and a snapshot handed to them
/// through the same rule: both must give the same verdict for every device and request.
/// </summary>
public sealed class BuiltInPolicyFactsTests
{
    private static readonly string[] s_tenants = ["t1", "t2", "t3"];
    private static readonly string[] s_networks = ["n1", "n2", "n3", "n4"];

    [Fact]
    public void Evaluate_from_the_facts_table_when_devices_and_requests_vary_gives_the_snapshot_verdict()
    {
        var random = new Random(11);
        var cache = new DeviceCache();
        var policies = BuiltInPlacementPolicies.Types.Select(t => (BuiltInPolicy)Activator.CreateInstance(t)!).ToArray();
        var pipeline = PlacementPipeline.Build(new PlacementOptions(), policies, new List<string>())!;
        var search = new CandidateSearch(cache, pipeline, new TestRandom(), 32);
        for (var i = 0; i < 60; i++)
        {
            var device = RandomDevice(random, $"d{i}");
            var claims = Enumerable.Range(0, random.Next(device.Capacity.MaxVips + 1)).Select(j => RandomClaim(random, $"lb-{i}-{j}")).ToArray();
            cache.Replace(new DeviceState(device with { RevisionNumber = 1 + random.Next(5) }, claims));
        }

        var compared = 0;
        var rejected = 0;
        for (var r = 0; r < 200; r++)
        {
            var request = RandomRequest(random, $"req-{r}");
            var scratch = PlacementScratch.Rent();
            try
            {
                search.Start(request, scratch);
                foreach (var slot in cache.OrderedSlots())
                {
                    var judged = search.ReadCurrent(slot, scratch)!.Value;
                    var snapshot = cache.Find(slot.Id)!;
                    foreach (var policy in policies)
                    {
                        var fromFacts = policy.Evaluate(scratch.Request, judged);
                        var fromSnapshot = policy.Evaluate(request, snapshot);
                        fromFacts.Should().Be(fromSnapshot, $"{policy.Name} on {slot.Id} for {request}");
                        rejected += fromFacts.IsRejected ? 1 : 0;
                        compared++;
                    }
                }
            }
            finally
            {
                scratch.Return();
            }
        }

        compared.Should().Be(200 * 60 * policies.Length);
        rejected.Should().BeGreaterThan(compared / 20, "the random fleet and requests exercise the rejections too");
    }

    private static Device RandomDevice(Random random, string id) =>
        Device(
            id,
            provider: random.Next(4) == 0 ? "other" : Provider,
            maxVips: 1 + random.Next(4),
            maxNetworks: 1 + random.Next(4),
            kind: random.Next(2) == 0 ? DeviceKind.Physical : DeviceKind.Virtual,
            tenantId: random.Next(5) == 0 ? Pick(random, s_tenants) : null,
            clusterId: random.Next(3) == 0 ? $"c{random.Next(3)}" : null,
            overlapping: random.Next(2) == 0,
            adminStateUp: random.Next(8) != 0,
            draining: random.Next(8) == 0,
            health: (DeviceHealth)random.Next(3));

    private static LoadBalancerClaim RandomClaim(Random random, string loadBalancerId) =>
        Claim(loadBalancerId, Pick(random, s_tenants), Pick(random, s_networks), random.Next(3) == 0 ? null : Pick(random, s_networks), random.Next(2) == 0 ? $"10.0.0.{random.Next(4)}" : null);

    private static PlacementRequest RandomRequest(Random random, string id)
    {
        var vip = Pick(random, s_networks);
        var request = Request(
            id,
            tenantId: Pick(random, s_tenants),
            provider: random.Next(4) == 0 ? "ACME" : random.Next(6) == 0 ? "other" : Provider,
            vipNetworkId: vip,
            memberNetworkId: random.Next(4) switch { 0 => null, 1 => vip, _ => Pick(random, s_networks) },
            vipAddress: random.Next(2) == 0 ? $"10.0.0.{random.Next(4)}" : null,
            avoidDevices: random.Next(4) == 0 ? new HashSet<string> { $"d{random.Next(60)}" } : null,
            avoidClusters: random.Next(4) == 0 ? new HashSet<string> { $"c{random.Next(3)}" } : null);
        return random.Next(3) == 0
            ? request with { FlavorMetadata = new Dictionary<string, JsonElement> { ["device_kind"] = JsonSerializer.SerializeToElement(random.Next(2) == 0 ? "virtual" : "Physical") } }
            : request;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
