using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// What the SDK has, served on Octavia's v2 paths: health monitors, providers, flavors, flavor profiles (admin only)
/// and a load balancer's status tree; statistics and failover, which the SDK lacks, answer 501 for a load balancer that
/// exists and 404 for one that does not.
/// </summary>
public sealed class OctaviaExtrasTests : IAsyncLifetime
{
    private const string Lbaas = "/v2/lbaas";
    private readonly RestHostFixture _host = new(new Dictionary<string, string?>
    {
        ["lbaas:flavors:0:id"] = "gold",
        ["lbaas:flavors:0:name"] = "Gold",
        ["lbaas:flavors:0:description"] = "active/standby pairs",
        ["lbaas:flavors:0:provider"] = "adc",
        ["lbaas:flavors:0:metadata"] = """{"loadbalancer_topology": "ACTIVE_STANDBY"}""",
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Providers_flavors_and_admin_only_flavor_profiles_come_from_configuration()
    {
        var (status, providers, _) = await _host.GetAsync($"{Lbaas}/providers");
        status.Should().Be(200, providers?.ToJsonString());
        var provider = providers!["providers"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)provider["name"]).Should().Be("adc");
        ((string?)provider["description"]).Should().Contain("sample-appliance");

        var (_, flavors, _) = await _host.GetAsync($"{Lbaas}/flavors", "someone");
        var flavor = flavors!["flavors"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)flavor["id"]).Should().Be("gold");
        ((string?)flavor["name"]).Should().Be("Gold");
        ((string?)flavor["description"]).Should().Be("active/standby pairs");
        ((bool?)flavor["enabled"]).Should().BeTrue();
        ((string?)flavor["flavor_profile_id"]).Should().Be("gold");
        var (shown, one, _) = await _host.GetAsync($"{Lbaas}/flavors/gold");
        shown.Should().Be(200);
        ((string?)one!["flavor"]!["name"]).Should().Be("Gold");
        (await _host.GetAsync($"{Lbaas}/flavors/silver")).Status.Should().Be(404);

        var (profiles, profileBody, _) = await _host.GetAsync($"{Lbaas}/flavorprofiles");
        profiles.Should().Be(200, profileBody?.ToJsonString());
        var profile = profileBody!["flavorprofiles"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)profile["provider_name"]).Should().Be("adc");
        JsonNode.Parse((string)profile["flavor_data"]!)!["loadbalancer_topology"]!.GetValue<string>().Should().Be("ACTIVE_STANDBY");
        (await _host.GetAsync($"{Lbaas}/flavorprofiles/gold")).Status.Should().Be(200);
        (await _host.GetAsync($"{Lbaas}/flavorprofiles", "someone")).Status.Should().Be(403, "flavor profiles are admin only");
        (await _host.GetAsync($"{Lbaas}/flavorprofiles/gold", "someone")).Status.Should().Be(403);
    }

    [Fact]
    public async Task A_health_monitor_is_created_shown_on_its_pool_and_in_the_status_tree_updated_and_deleted()
    {
        var (lbId, poolId) = await LoadBalancerWithPoolAsync(172, "10.212.0.0/24");

        var (created, monitor, _) = await _host.PostAsync($"{Lbaas}/healthmonitors",
            new { healthmonitor = new { pool_id = poolId, type = "HTTP", delay = 10, timeout = 4, max_retries = 2, http_method = "GET", url_path = "/" } });
        created.Should().Be(201, monitor?.ToJsonString());
        var id = (string)monitor!["healthmonitor"]!["id"]!;
        ((int)monitor["healthmonitor"]!["delay"]!).Should().Be(10);
        ((string?)monitor["healthmonitor"]!["pools"]![0]!["id"]).Should().Be(poolId);
        await WaitActiveAsync(lbId);

        var (_, pool, _) = await _host.GetAsync($"{Lbaas}/pools/{poolId}");
        ((string?)pool!["pool"]!["healthmonitor_id"]).Should().Be(id);
        var (_, list, _) = await _host.GetAsync($"{Lbaas}/healthmonitors");
        list!["healthmonitors"]!.AsArray().Select(m => (string?)m!["id"]).Should().Contain(id);

        var (statusCode, tree, _) = await _host.GetAsync($"{Lbaas}/loadbalancers/{lbId}/status");
        statusCode.Should().Be(200, tree?.ToJsonString());
        var lb = tree!["statuses"]!["loadbalancer"]!;
        ((string?)lb["id"]).Should().Be(lbId);
        ((string?)lb["provisioning_status"]).Should().Be("ACTIVE");
        var treePool = lb["listeners"]!.AsArray().Should().ContainSingle().Subject!["pools"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)treePool["id"]).Should().Be(poolId);
        ((string?)treePool["health_monitor"]!["id"]).Should().Be(id);
        ((string?)treePool["health_monitor"]!["type"]).Should().Be("HTTP");
        treePool["members"]!.AsArray().Should().ContainSingle().Which!["address"]!.GetValue<string>().Should().Be("10.212.0.50");

        var (updated, updatedBody, _) = await _host.PutAsync($"{Lbaas}/healthmonitors/{id}", new { healthmonitor = new { delay = 20 } });
        updated.Should().Be(200, updatedBody?.ToJsonString());
        ((int)updatedBody!["healthmonitor"]!["delay"]!).Should().Be(20);
        await WaitActiveAsync(lbId);

        var (refused, refusedBody, _) = await _host.PutAsync($"{Lbaas}/healthmonitors/{id}", new { healthmonitor = new { url_path = "/health" } });
        refused.Should().Be(400, "an attribute the SDK does not keep is refused, not silently dropped");
        ((string?)refusedBody!["faultstring"]).Should().Contain("url_path");

        (await _host.DeleteAsync($"{Lbaas}/healthmonitors/{id}")).Status.Should().Be(204);
        await WaitActiveAsync(lbId);
        (await _host.GetAsync($"{Lbaas}/healthmonitors/{id}")).Status.Should().Be(404);
    }

    [Fact]
    public async Task Stats_and_failover_are_501_for_a_load_balancer_that_exists_and_404_for_one_that_does_not()
    {
        var (lbId, _) = await LoadBalancerWithPoolAsync(173, "10.213.0.0/24");

        var (stats, statsBody, _) = await _host.GetAsync($"{Lbaas}/loadbalancers/{lbId}/stats");
        stats.Should().Be(501, statsBody?.ToJsonString());
        ((string?)statsBody!["faultstring"]).Should().Contain("statistics");
        (await _host.PutAsync($"{Lbaas}/loadbalancers/{lbId}/failover", new { })).Status.Should().Be(501);

        var missing = Guid.NewGuid().ToString();
        (await _host.GetAsync($"{Lbaas}/loadbalancers/{missing}/stats")).Status.Should().Be(404);
        (await _host.GetAsync($"{Lbaas}/loadbalancers/{missing}/status")).Status.Should().Be(404);
        (await _host.PutAsync($"{Lbaas}/loadbalancers/{missing}/failover", new { })).Status.Should().Be(404);

        var (unknown, unknownBody, _) = await _host.GetAsync($"{Lbaas}/l7policies");
        unknown.Should().Be(501, "a path the host does not implement is 501");
        ((string?)unknownBody!["faultcode"]).Should().Be("Server");
    }

    private async Task<(string LoadBalancerId, string PoolId)> LoadBalancerWithPoolAsync(int vlan, string cidr)
    {
        var (_, net, _) = await _host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object> { ["name"] = $"hm-{vlan}", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = vlan },
        });
        var (_, sub, _) = await _host.PostAsync("/v2.0/subnets", new { subnet = new { network_id = (string)net!["network"]!["id"]!, cidr, ip_version = 4 } });
        var subnetId = (string)sub!["subnet"]!["id"]!;
        var (lbStatus, lb, _) = await _host.PostAsync($"{Lbaas}/loadbalancers", new { loadbalancer = new { name = $"hm-lb-{vlan}", vip_subnet_id = subnetId } });
        lbStatus.Should().Be(201, lb?.ToJsonString());
        var lbId = (string)lb!["loadbalancer"]!["id"]!;
        await WaitActiveAsync(lbId);
        var (_, listener, _) = await _host.PostAsync($"{Lbaas}/listeners", new { listener = new { loadbalancer_id = lbId, protocol = "HTTP", protocol_port = 80 } });
        await WaitActiveAsync(lbId);
        var (_, pool, _) = await _host.PostAsync($"{Lbaas}/pools", new { pool = new { listener_id = (string)listener!["listener"]!["id"]!, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN" } });
        var poolId = (string)pool!["pool"]!["id"]!;
        await WaitActiveAsync(lbId);
        var prefix = cidr[..cidr.LastIndexOf('.')];
        var (memberStatus, member, _) = await _host.PostAsync($"{Lbaas}/pools/{poolId}/members", new { member = new { address = $"{prefix}.50", protocol_port = 8080, subnet_id = subnetId } });
        memberStatus.Should().Be(201, member?.ToJsonString());
        await WaitActiveAsync(lbId);
        return (lbId, poolId);
    }

    /// <summary>Polls (no sleeping; bounded to 10 s) until the load balancer is ACTIVE: the sample driver acts at once, an agent realises it.</summary>
    private async Task WaitActiveAsync(string id)
    {
        var deadline = Stopwatch.StartNew();
        string? status = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var (_, current, _) = await _host.GetAsync($"{Lbaas}/loadbalancers/{id}");
            status = (string?)current!["loadbalancer"]!["provisioning_status"];
            if (status == "ACTIVE")
            {
                return;
            }

            await Task.Yield();
        }

        status.Should().Be("ACTIVE", $"load balancer {id} did not settle in 10 s");
    }
}
