using System.Text.Json.Nodes;

namespace Ml2.Samples.RestHost.Tests;

[Collection(RestHostCollection.Name)]
public sealed class IdentityPolicyTests(RestHostFixture host)
{
    private static string Project() => $"proj-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task Without_headers_the_caller_is_admin_of_the_default_project_and_x_project_id_selects_the_project()
    {
        var (_, admin, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "admin-default" } });
        ((string?)admin!["network"]!["project_id"]).Should().Be("admin");

        var project = Project();
        var (status, own, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "tenant-own" } }, project);
        status.Should().Be(201);
        ((string?)own!["network"]!["project_id"]).Should().Be(project);
        own["network"]!.AsObject().ContainsKey("provider:network_type").Should().BeFalse("provider attributes are admin-only");

        var (_, asAdmin, _) = await host.GetAsync($"/v2.0/networks/{own["network"]!["id"]}", Project(), "reader,admin");
        asAdmin!["network"]!.AsObject().ContainsKey("provider:network_type").Should().BeTrue("X-Roles contains admin");
    }

    [Fact]
    public async Task Admin_only_attributes_are_403_for_tenants()
    {
        var project = Project();
        var provider = new Dictionary<string, object> { ["name"] = "p", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 160 };
        var (status, body, _) = await host.PostAsync("/v2.0/networks", new { network = provider }, project);
        status.Should().Be(403);
        ((string?)body!["NeutronError"]!["type"]).Should().Be("PolicyNotAuthorized");
        (await host.PostAsync("/v2.0/networks", new { network = new { name = "s", shared = true } }, project)).Status.Should().Be(403);

        var (_, net, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "mine" } }, project);
        var (portStatus, _, _) = await host.PostAsync("/v2.0/ports", new
        {
            port = new Dictionary<string, object> { ["network_id"] = (string)net!["network"]!["id"]!, ["binding:host_id"] = "compute-1" },
        }, project);
        portStatus.Should().Be(403);
    }

    [Fact]
    public async Task Another_projects_private_network_is_404_and_a_shared_one_is_readable_usable_but_not_writable()
    {
        var owner = Project();
        var other = Project();
        var (_, priv, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "private" } }, owner);
        var privateId = (string)priv!["network"]!["id"]!;
        (await host.GetAsync($"/v2.0/networks/{privateId}", other)).Status.Should().Be(404);
        (await host.PutAsync($"/v2.0/networks/{privateId}", new { network = new { name = "x" } }, other)).Status.Should().Be(404);
        (await host.DeleteAsync($"/v2.0/networks/{privateId}", other)).Status.Should().Be(404);
        var (_, listed, _) = await host.GetAsync($"/v2.0/networks?id={privateId}", other);
        listed!["networks"]!.AsArray().Should().BeEmpty();

        var (_, shared, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "shared", shared = true } });
        var sharedId = (string)shared!["network"]!["id"]!;
        await host.PostAsync("/v2.0/subnets", new { subnet = new { network_id = sharedId, cidr = "10.203.0.0/24", ip_version = 4 } });
        var (read, readBody, _) = await host.GetAsync($"/v2.0/networks/{sharedId}", other);
        read.Should().Be(200);
        ((bool)readBody!["network"]!["shared"]!).Should().BeTrue();
        (await host.PutAsync($"/v2.0/networks/{sharedId}", new { network = new { name = "mine-now" } }, other)).Status.Should().Be(403);

        var (portStatus, port, _) = await host.PostAsync("/v2.0/ports", new { port = new { network_id = sharedId, name = "tenant-port" } }, other);
        portStatus.Should().Be(201, port?.ToJsonString());
        ((string?)port!["port"]!["project_id"]).Should().Be(other);
        port["port"]!.AsObject().ContainsKey("binding:host_id").Should().BeFalse("binding:host_id is hidden from non-admins");
        (await host.GetAsync($"/v2.0/ports/{port["port"]!["id"]}", owner)).Status.Should().Be(404);
        (await host.DeleteAsync($"/v2.0/ports/{port["port"]!["id"]}", other)).Status.Should().Be(204);
    }
}
