using System.Text.Json.Nodes;

namespace Ml2.Samples.RestHost.Tests;

[Collection(RestHostCollection.Name)]
public sealed class LoadBalancerApiTests(RestHostFixture host)
{
    [Fact]
    public async Task A_load_balancer_on_a_subnet_becomes_active_is_listed_and_404_after_delete()
    {
        var (_, net, _) = await host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object> { ["name"] = "lb-net", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 170 },
        });
        var (_, sub, _) = await host.PostAsync("/v2.0/subnets", new { subnet = new { network_id = (string)net!["network"]!["id"]!, cidr = "10.210.0.0/24", ip_version = 4 } });
        var subnetId = (string)sub!["subnet"]!["id"]!;

        var name = $"lb-{Guid.NewGuid():N}"[..12];
        var (status, body, _) = await host.PostAsync("/v2.0/lbaas/loadbalancers", new { loadbalancer = new { name, vip_subnet_id = subnetId, admin_state_up = true, description = "first" } });
        status.Should().Be(201, body?.ToJsonString());
        var lb = body!["loadbalancer"]!;
        var id = (string)lb["id"]!;
        ((string?)lb["vip_subnet_id"]).Should().Be(subnetId);
        ((string?)lb["vip_network_id"]).Should().Be((string)net["network"]!["id"]!);
        lb["listeners"]!.AsArray().Should().BeEmpty();

        var current = await WaitActiveAsync(id);
        ((string?)current["loadbalancer"]!["vip_address"]).Should().StartWith("10.210.0.");
        ((string?)current["loadbalancer"]!["description"]).Should().Be("first");

        var (set, setBody, _) = await host.PutAsync($"/v2.0/lbaas/loadbalancers/{id}", new { loadbalancer = new { description = "hi" } });
        set.Should().Be(200, setBody?.ToJsonString());
        ((string?)setBody!["loadbalancer"]!["description"]).Should().Be("hi");
        current = await WaitActiveAsync(id);
        ((string?)current["loadbalancer"]!["description"]).Should().Be("hi");

        var (_, byName, _) = await host.GetAsync($"/v2.0/lbaas/loadbalancers?name={name}");
        byName!["loadbalancers"]!.AsArray().Select(l => (string?)l!["id"]).Should().Equal(id);
        var (_, byOtherName, _) = await host.GetAsync("/v2.0/lbaas/loadbalancers?name=nothing-like-it");
        byOtherName!["loadbalancers"]!.AsArray().Should().BeEmpty();

        (await host.DeleteAsync($"/v2.0/lbaas/loadbalancers/{id}")).Status.Should().Be(204);
        var gone = 0;
        for (var i = 0; i < 100 && gone != 404; i++)
        {
            (gone, _, _) = await host.GetAsync($"/v2.0/lbaas/loadbalancers/{id}");
            await Task.Delay(100);
        }

        gone.Should().Be(404);
    }

    [Fact]
    public async Task Listeners_pools_and_members_are_served_in_octavia_shapes()
    {
        var (_, net, _) = await host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object> { ["name"] = "lb-net2", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 171 },
        });
        var (_, sub, _) = await host.PostAsync("/v2.0/subnets", new { subnet = new { network_id = (string)net!["network"]!["id"]!, cidr = "10.211.0.0/24", ip_version = 4 } });
        var subnetId = (string)sub!["subnet"]!["id"]!;
        var (_, created, _) = await host.PostAsync("/v2.0/lbaas/loadbalancers", new { loadbalancer = new { name = "lb-children", vip_subnet_id = subnetId } });
        var lbId = (string)created!["loadbalancer"]!["id"]!;
        await WaitActiveAsync(lbId);

        var (listenerStatus, listener, _) = await host.PostAsync("/v2.0/lbaas/listeners", new { listener = new { loadbalancer_id = lbId, protocol = "HTTP", protocol_port = 80, name = "web" } });
        listenerStatus.Should().Be(201, listener?.ToJsonString());
        var listenerId = (string)listener!["listener"]!["id"]!;
        ((int)listener["listener"]!["protocol_port"]!).Should().Be(80);
        ((string?)listener["listener"]!["loadbalancers"]![0]!["id"]).Should().Be(lbId);
        await WaitActiveAsync(lbId);

        var (poolStatus, pool, _) = await host.PostAsync("/v2.0/lbaas/pools", new { pool = new { listener_id = listenerId, protocol = "HTTP", lb_algorithm = "ROUND_ROBIN", name = "pool" } });
        poolStatus.Should().Be(201, pool?.ToJsonString());
        var poolId = (string)pool!["pool"]!["id"]!;
        await WaitActiveAsync(lbId);

        var (memberStatus, member, _) = await host.PostAsync($"/v2.0/lbaas/pools/{poolId}/members", new { member = new { address = "10.211.0.50", protocol_port = 8080, subnet_id = subnetId } });
        memberStatus.Should().Be(201, member?.ToJsonString());
        var memberId = (string)member!["member"]!["id"]!;
        ((string?)member["member"]!["address"]).Should().Be("10.211.0.50");
        await WaitActiveAsync(lbId);

        var (_, lb, _) = await host.GetAsync($"/v2.0/lbaas/loadbalancers/{lbId}");
        lb!["loadbalancer"]!["listeners"]!.AsArray().Select(l => (string?)l!["id"]).Should().Equal(listenerId);
        lb["loadbalancer"]!["pools"]!.AsArray().Select(p => (string?)p!["id"]).Should().Equal(poolId);
        var (_, shownPool, _) = await host.GetAsync($"/v2.0/lbaas/pools/{poolId}");
        shownPool!["pool"]!["members"]!.AsArray().Select(m => (string?)m!["id"]).Should().Equal(memberId);
        var (_, members, _) = await host.GetAsync($"/v2.0/lbaas/pools/{poolId}/members?address=10.211.0.50");
        members!["members"]!.AsArray().Should().ContainSingle();
        (await host.GetAsync($"/v2.0/lbaas/pools/{poolId}/members?colour=red")).Status.Should().Be(400);
        (await host.GetAsync($"/v2.0/lbaas/listeners/{listenerId}")).Status.Should().Be(200);

        (await host.DeleteAsync($"/v2.0/lbaas/loadbalancers/{lbId}?cascade=true")).Status.Should().Be(204);
        var gone = 0;
        for (var i = 0; i < 100 && gone != 404; i++)
        {
            (gone, _, _) = await host.GetAsync($"/v2.0/lbaas/loadbalancers/{lbId}");
            await Task.Delay(100);
        }

        gone.Should().Be(404);
    }

    private async Task<JsonNode> WaitActiveAsync(string id)
    {
        JsonNode? current = null;
        for (var i = 0; i < 100; i++)
        {
            (_, current, _) = await host.GetAsync($"/v2.0/lbaas/loadbalancers/{id}");
            if ((string?)current!["loadbalancer"]!["provisioning_status"] == "ACTIVE")
            {
                break;
            }

            await Task.Delay(100);
        }

        ((string?)current!["loadbalancer"]!["provisioning_status"]).Should().Be("ACTIVE");
        return current;
    }

    [Fact]
    public async Task Octavia_errors_carry_faultstring()
    {
        var (status, body, response) = await host.GetAsync("/v2.0/lbaas/loadbalancers/missing");
        status.Should().Be(404);
        RestHostFixture.ContentType(response)!.MediaType.Should().Be("application/json");
        ((string?)body!["faultcode"]).Should().Be("Client");
        ((string?)body["faultstring"]).Should().Contain("missing");

        var (bad, badBody, _) = await host.PostAsync("/v2.0/lbaas/loadbalancers", new { loadbalancer = new { name = "no-vip" } });
        bad.Should().Be(400);
        ((string?)badBody!["faultstring"]).Should().Contain("vip");

        var (missingSubnet, _, _) = await host.PostAsync("/v2.0/lbaas/loadbalancers", new { loadbalancer = new { vip_subnet_id = "no-such-subnet" } });
        missingSubnet.Should().Be(404);
    }
}
