using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Binding;

/// <summary>
/// Multiple bindings per port (Neutron's binding-extended, live migration): an inactive binding bound on a second host
/// while the active one keeps serving, list/get, atomic activation with the original binding in the hooks' context,
/// deletion, levels kept per binding, and Neutron's errors.
/// </summary>
public sealed class MultiplePortBindingsTests
{
    private const string Compute = "compute:nova";
    private static readonly CallerContext Admin = TestHost.Admin;

    /// <summary>Binds any segment of the given types on the given hosts, asking for ACTIVE, with the host in the details.</summary>
    private static Func<PortContext, CancellationToken, ValueTask> Binds(string[] hosts, params string[] types) => (context, _) =>
    {
        if (hosts.Contains(context.Host))
        {
            var segment = context.SegmentsToBind!.FirstOrDefault(s => types.Contains(s.NetworkType));
            if (segment is not null)
            {
                context.SetBinding(segment.Id, VifTypes.Ovs, ExtensionAttributes.From(("bound_on", context.Host)), ResourceStatus.Active);
            }
        }

        return default;
    };

    /// <summary>A top-of-rack driver: maps a VXLAN segment to a dynamic VLAN on physnet1 on the given hosts and continues binding.</summary>
    private static Func<PortContext, CancellationToken, ValueTask> Tor(params string[] hosts) => async (context, ct) =>
    {
        var vxlan = context.SegmentsToBind!.FirstOrDefault(s => s.NetworkType == NetworkTypes.Vxlan);
        if (vxlan is null || !hosts.Contains(context.Host))
        {
            return;
        }

        var vlan = await context.AllocateDynamicSegmentAsync(new ProviderSegment(NetworkTypes.Vlan, "physnet1"), ct);
        context.ContinueBinding(vxlan.Id, [vlan]);
    };

    private static async Task<(TestHost Host, RecordingMechanismDriver Agent, Port Port)> BoundComputePortAsync(string deviceOwner = Compute)
    {
        var host = TestHost.WithRecorders(out var d, "agent");
        d[0].Bind = Binds(["h1", "h2"], NetworkTypes.Vlan);
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1", DeviceOwner = deviceOwner, DeviceId = "vm-1" });
        host.Log.Clear();
        return (host, d[0], port);
    }

    [Fact]
    public async Task CreatePortBindingAsync_on_second_host_drivers_bind_it_inactive_and_the_active_binding_is_untouched()
    {
        var (host, agent, port) = await BoundComputePortAsync();
        await using var _ = host;
        (string Host, bool HadOriginal, string? Segments)? seen = null;
        var bind = agent.Bind!;
        agent.Bind = async (context, ct) =>
        {
            seen = (context.Host, context.Original is not null, context.SegmentsToBind is null ? null : "set");
            await bind(context, ct);
        };
        var profile = ExtensionAttributes.From(("migrating_to", "h2"));

        var binding = await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2", VnicType = VnicTypes.Normal, Profile = profile });

        seen.Should().Be(("h2", false, "set"));
        binding.PortId.Should().Be(port.Id);
        binding.Host.Should().Be("h2");
        binding.Status.Should().Be(PortBindingStatus.Inactive);
        binding.Binding.VifType.Should().Be(VifTypes.Ovs);
        binding.Binding.VifDetails["bound_on"].GetString().Should().Be("h2");
        binding.Binding.Profile["migrating_to"].GetString().Should().Be("h2");
        binding.Binding.Levels.Should().Equal(port.Binding.Levels, "the same driver bound the same segment");
        host.Log.Calls.Should().Equal(["agent:bind_port"], "creating an inactive binding calls no port hooks");

        var after = await host.Plugin.GetPortAsync(Admin, port.Id);
        after.Binding.Should().Be(port.Binding, "the active binding keeps serving");
        after.Status.Should().Be(ResourceStatus.Active);
        after.InactiveBindings.Should().ContainSingle().Which.Should().Be(binding.Binding);
        after.RevisionNumber.Should().Be(port.RevisionNumber + 1);
    }

    [Fact]
    public async Task List_and_get_port_bindings_show_the_active_binding_first_then_the_inactive_ones()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        var all = await host.Plugin.ListPortBindingsAsync(Admin, port.Id);

        all.Select(b => (b.Host, b.Status)).Should().Equal(("h1", PortBindingStatus.Active), ("h2", PortBindingStatus.Inactive));
        all[0].Binding.Should().Be(port.Binding);
        (await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h1")).Should().Be(all[0]);
        (await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h2")).Should().Be(all[1]);
    }

    [Fact]
    public async Task ActivatePortBindingAsync_swaps_the_bindings_and_runs_update_hooks_with_the_original_binding()
    {
        var (host, agent, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });
        host.Log.Clear();
        var seen = new List<(bool InTransaction, string Host, string? OriginalHost, string? OriginalVif, IReadOnlyList<PortBindingLevel>? OriginalLevels, string? OriginalBottom, string Status)>();
        agent.OnHook = (context, transaction) =>
        {
            if (context is PortContext p)
            {
                seen.Add((transaction is not null, p.Host, p.OriginalHost, p.OriginalVifType, p.OriginalBinding?.Levels, p.OriginalBottomBoundSegment?.Id, p.Status));
            }

            return default;
        };

        var activated = await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h2");

        host.Log.Calls.Should().Equal("agent:update_port_precommit", "agent:update_port_postcommit");
        var segmentId = port.Binding.Levels[0].SegmentId;
        seen.Should().Equal(
            (true, "h2", "h1", VifTypes.Ovs, port.Binding.Levels, segmentId, ResourceStatus.Active),
            (false, "h2", "h1", VifTypes.Ovs, port.Binding.Levels, segmentId, ResourceStatus.Active));
        activated.Status.Should().Be(PortBindingStatus.Active);
        activated.Host.Should().Be("h2");
        var after = await host.Plugin.GetPortAsync(Admin, port.Id);
        after.Binding.HostId.Should().Be("h2");
        after.Binding.Should().Be(activated.Binding);
        after.Binding.VifDetails["bound_on"].GetString().Should().Be("h2");
        after.Status.Should().Be(ResourceStatus.Active, "the driver asked for ACTIVE when it bound the binding on h2");
        var old = after.InactiveBindings.Should().ContainSingle().Which;
        old.HostId.Should().Be("h1");
        old.VifType.Should().Be(VifTypes.Unbound, "as in Neutron, the previously active binding is cleared");
        old.VifDetails.Should().BeEmpty();
        old.Levels.Should().BeEmpty();
        (await host.Plugin.ListPortBindingsAsync(Admin, port.Id)).Select(b => (b.Host, b.Status))
            .Should().Equal(("h2", PortBindingStatus.Active), ("h1", PortBindingStatus.Inactive));
    }

    [Fact]
    public async Task ActivatePortBindingAsync_when_update_precommit_fails_leaves_the_old_binding_active_and_the_store_unchanged()
    {
        var (host, agent, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });
        agent.FailOn("update_port_precommit");

        await host.ThrowsAndLeavesStoreUnchangedAsync<MechanismDriverException>(
            async () => await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h2"));

        host.Log.For("update_port_postcommit").Should().BeEmpty();
        var after = await host.Plugin.GetPortAsync(Admin, port.Id);
        after.Binding.Should().Be(port.Binding);
        after.InactiveBindings.Should().ContainSingle().Which.HostId.Should().Be("h2");
    }

    [Fact]
    public async Task ActivatePortBindingAsync_when_update_postcommit_fails_the_activation_stands()
    {
        var (host, agent, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });
        agent.FailOn("update_port_postcommit");

        var activated = await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h2");

        activated.Host.Should().Be("h2");
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Binding.HostId.Should().Be("h2");
    }

    [Fact]
    public async Task Bindings_keep_their_own_levels_a_hierarchical_inactive_binding_becomes_the_ports_levels_on_activation()
    {
        await using var host = TestHost.WithRecorders(o => o.TenantNetworkTypes = ["vxlan"], out var d, "tor", "agent");
        d[0].Bind = Tor("h2");                                      // h2 sits behind a top-of-rack switch: two levels
        d[1].Bind = Binds(["h1", "h2"], NetworkTypes.Vxlan, NetworkTypes.Vlan);   // h1 is bound directly on the VXLAN: one level
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var vxlan = network.Segments.Should().ContainSingle().Which;
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1", DeviceOwner = Compute });
        port.Binding.Levels.Should().Equal(new PortBindingLevel(0, "agent", vxlan.Id));

        var inactive = await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        var dynamic = (await host.Plugin.GetNetworkAsync(Admin, network.Id)).Segments.Should().ContainSingle(s => s.IsDynamic).Which;
        inactive.Binding.Levels.Should().Equal(new PortBindingLevel(0, "tor", vxlan.Id), new PortBindingLevel(1, "agent", dynamic.Id));
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Binding.Levels.Should().Equal(port.Binding.Levels);
        (await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h2")).Binding.Levels.Should().Equal(inactive.Binding.Levels);
        (await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h1")).Binding.Levels.Should().Equal(port.Binding.Levels);

        string? bottomInPrecommit = null;
        string? originalBottomInPrecommit = null;
        d[1].OnHook = (context, transaction) =>
        {
            if (context is PortContext p && transaction is not null)
            {
                bottomInPrecommit = p.BottomBoundSegment?.Id;
                originalBottomInPrecommit = p.OriginalBottomBoundSegment?.Id;
            }

            return default;
        };
        await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h2");

        bottomInPrecommit.Should().Be(dynamic.Id);
        originalBottomInPrecommit.Should().Be(vxlan.Id);
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Binding.Levels.Should().Equal(inactive.Binding.Levels);
    }

    [Fact]
    public async Task DeletePortBindingAsync_removes_the_inactive_binding_only()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        await host.Plugin.DeletePortBindingAsync(Admin, port.Id, "h2");

        host.Log.Calls.Should().Equal(["agent:bind_port"], "deleting an inactive binding calls no port hooks");
        (await host.Plugin.ListPortBindingsAsync(Admin, port.Id)).Select(b => b.Host).Should().Equal("h1");
        var after = await host.Plugin.GetPortAsync(Admin, port.Id);
        after.Binding.Should().Be(port.Binding);
        after.InactiveBindings.Should().BeEmpty();
        var gone = await FluentActions.Awaiting(async () => await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h2")).Should().ThrowAsync<ResourceNotFoundException>();
        gone.Which.ErrorType.Should().Be("PortBindingNotFound");
    }

    [Fact]
    public async Task DeletePortBindingAsync_of_the_active_binding_is_refused_and_changes_nothing()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.DeletePortBindingAsync(Admin, port.Id, "h1"));

        ex.ErrorType.Should().Be("PortBindingAlreadyActive");
        ex.Message.Should().Be($"Binding for port {port.Id} on host h1 is already active.");
    }

    [Theory]
    [InlineData("h1")]
    [InlineData("h2")]
    public async Task CreatePortBindingAsync_when_the_host_has_a_binding_throws_port_binding_already_exists_and_store_unchanged(string existing)
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = existing }));

        ex.ErrorType.Should().Be("PortBindingAlreadyExists");
        ex.Status.Should().Be(ErrorStatus.Conflict);
        ex.Message.Should().Be($"Binding for port {port.Id} on host {existing} already exists.");
    }

    [Fact]
    public async Task ActivatePortBindingAsync_of_the_active_host_throws_port_binding_already_active_and_store_unchanged()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h1"));

        ex.ErrorType.Should().Be("PortBindingAlreadyActive");
        ex.Message.Should().Be($"Binding for port {port.Id} on host h1 is already active.");
        host.Log.For("update_port_precommit").Should().BeEmpty();
    }

    [Fact]
    public async Task Binding_operations_on_a_host_without_binding_throw_port_binding_not_found_and_store_unchanged()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        var operations = new Func<Task>[]
        {
            async () => await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h9"),
            async () => await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h9"),
            async () => await host.Plugin.DeletePortBindingAsync(Admin, port.Id, "h9"),
        };

        foreach (var operation in operations)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceNotFoundException>(operation);
            ex.ErrorType.Should().Be("PortBindingNotFound");
            ex.Status.Should().Be(ErrorStatus.NotFound);
            ex.Message.Should().Be($"Binding for port {port.Id} for host h9 could not be found.");
        }
    }

    [Fact]
    public async Task Binding_operations_on_an_unknown_port_throw_port_not_found()
    {
        var (host, _, _) = await BoundComputePortAsync();
        await using var _ = host;
        var operations = new Func<Task>[]
        {
            async () => await host.Plugin.CreatePortBindingAsync(Admin, "no-such-port", new PortBindingCreateRequest { Host = "h2" }),
            async () => await host.Plugin.ListPortBindingsAsync(Admin, "no-such-port"),
            async () => await host.Plugin.GetPortBindingAsync(Admin, "no-such-port", "h1"),
            async () => await host.Plugin.ActivatePortBindingAsync(Admin, "no-such-port", "h1"),
            async () => await host.Plugin.DeletePortBindingAsync(Admin, "no-such-port", "h1"),
        };

        foreach (var operation in operations)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceNotFoundException>(operation);
            ex.ErrorType.Should().Be("PortNotFound");
            ex.Message.Should().Be("Port no-such-port could not be found.");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("network:dhcp")]
    [InlineData("compute")]
    public async Task Binding_operations_on_a_non_compute_port_throw_bad_request_and_store_unchanged(string deviceOwner)
    {
        var (host, _, port) = await BoundComputePortAsync(deviceOwner);
        await using var _ = host;
        var operations = new Func<Task>[]
        {
            async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" }),
            async () => await host.Plugin.ListPortBindingsAsync(Admin, port.Id),
            async () => await host.Plugin.GetPortBindingAsync(Admin, port.Id, "h1"),
            async () => await host.Plugin.ActivatePortBindingAsync(Admin, port.Id, "h2"),
            async () => await host.Plugin.DeletePortBindingAsync(Admin, port.Id, "h2"),
        };

        foreach (var operation in operations)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(operation);
            ex.ErrorType.Should().Be("BadRequest");
            ex.Status.Should().Be(ErrorStatus.BadRequest);
            ex.Message.Should().Be($"Bad port request: Invalid port {port.Id}. Operation only valid on compute ports.");
            ex.ShouldName("device_owner", deviceOwner);
        }

        host.Log.Calls.Should().BeEmpty("no driver is asked to bind a non-compute port");
    }

    [Fact]
    public async Task Binding_operations_by_a_non_admin_throw_policy_not_authorized_and_store_unchanged()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });
        var owner = CallerContext.Tenant(port.TenantId);
        var operations = new (string Rule, Func<Task> Act)[]
        {
            ("create_port_binding", async () => await host.Plugin.CreatePortBindingAsync(owner, port.Id, new PortBindingCreateRequest { Host = "h3" })),
            ("get_port_binding", async () => await host.Plugin.ListPortBindingsAsync(owner, port.Id)),
            ("get_port_binding", async () => await host.Plugin.GetPortBindingAsync(owner, port.Id, "h2")),
            ("activate", async () => await host.Plugin.ActivatePortBindingAsync(owner, port.Id, "h2")),
            ("delete_port_binding", async () => await host.Plugin.DeletePortBindingAsync(owner, port.Id, "h2")),
        };

        foreach (var (rule, act) in operations)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<NotAuthorizedException>(act);
            ex.Rule.Should().Be(rule);
            ex.ErrorType.Should().Be("PolicyNotAuthorized");
        }

        host.Log.Calls.Should().Equal(["agent:bind_port"], "only the admin's binding on h2 was bound");
    }

    [Fact]
    public async Task CreatePortBindingAsync_when_no_driver_binds_the_host_throws_port_binding_error_after_max_bind_tries_and_store_unchanged()
    {
        var (host, agent, port) = await BoundComputePortAsync();
        await using var _ = host;

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<PortBindingException>(
            async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "nowhere" }));

        ex.ErrorType.Should().Be("PortBindingError");
        ex.Status.Should().Be(ErrorStatus.InternalError);
        ex.Message.Should().Be($"Binding for port {port.Id} on host nowhere could not be created or updated.");
        agent.BindCalls.Should().Be(1 + 10, "one binding of the port on h1, then MaxBindTries attempts on 'nowhere'");
    }

    [Fact]
    public async Task CreatePortBindingAsync_on_a_network_without_segments_stores_the_binding_unbound()
    {
        await using var host = TestHost.WithRecorders(out var d, "agent");
        d[0].Bind = Binds(["h1", "h2"], NetworkTypes.Vlan);
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "no-segment" });
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, DeviceOwner = Compute });
        await using (var tx = await host.Store.BeginTransactionAsync())
        {
            // the plugin never makes a network without segments; Neutron's code path for one is reached through the store
            var stored = (await tx.Networks.FindAsync(network.Id))!;
            await tx.Networks.UpdateAsync(stored with { Segments = [], RevisionNumber = stored.RevisionNumber + 1 }, stored.RevisionNumber);
            await tx.CommitAsync();
        }

        var binding = await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        binding.Binding.VifType.Should().Be(VifTypes.Unbound);
        binding.Status.Should().Be(PortBindingStatus.Inactive);
        d[0].BindCalls.Should().Be(0);
    }

    [Theory]
    [InlineData("bogus", "vnic_type", "Invalid input for vnic_type. Reason: bogus is not in valid_values.")]
    [InlineData("", "host", "Invalid input for host. Reason: '' Blank strings are not permitted.")]
    public async Task CreatePortBindingAsync_with_bad_input_throws_naming_the_attribute_and_store_unchanged(string value, string field, string message)
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        var request = field == "host" ? new PortBindingCreateRequest { Host = value } : new PortBindingCreateRequest { Host = "h2", VnicType = value };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, request));

        ex.ShouldName(field, value);
        ex.ErrorType.Should().Be("HTTPBadRequest");
        ex.Message.Should().Be(message);
        host.Log.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task CreatePortBindingAsync_with_a_host_over_255_characters_throws_and_store_unchanged()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        var longHost = new string('h', 256);

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = longHost }));

        ex.Field.Should().Be("host");
        ex.Message.Should().EndWith("exceeds maximum length of 255.");
    }

    [Fact]
    public async Task CreatePortBindingAsync_with_a_profile_over_4095_characters_of_json_throws_value_too_large_and_store_unchanged()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        var profile = ExtensionAttributes.From(("k", new string('x', 4090)));

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2", Profile = profile }));

        ex.Field.Should().Be("profile");
        ex.Message.Should().Be("Invalid input for operation: binding:profile value too large.");
    }

    [Fact]
    public async Task CreatePortBindingAsync_when_the_same_host_is_bound_concurrently_the_second_commit_throws_already_exists()
    {
        var (host, agent, port) = await BoundComputePortAsync();
        await using var _ = host;
        var bind = agent.Bind!;
        var raced = false;
        PortHostBinding? concurrent = null;
        agent.Bind = async (context, ct) =>
        {
            if (!raced && context.Host == "h2")
            {
                // another request creates the same binding while this one is being bound, outside any transaction
                raced = true;
                concurrent = await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" }, ct);
            }

            await bind(context, ct);
        };

        var ex = await FluentActions.Awaiting(async () => await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" }))
            .Should().ThrowAsync<ConflictException>();

        ex.Which.ErrorType.Should().Be("PortBindingAlreadyExists");
        concurrent!.Status.Should().Be(PortBindingStatus.Inactive);
        (await host.Plugin.GetPortAsync(Admin, port.Id)).InactiveBindings.Should().ContainSingle();
    }

    [Fact]
    public async Task UpdatePortAsync_moving_the_active_binding_to_a_host_with_an_inactive_binding_throws_already_exists_and_store_unchanged()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.UpdatePortAsync(Admin, port.Id, new PortUpdateRequest { HostId = "h2" }));

        ex.ErrorType.Should().Be("PortBindingAlreadyExists");
    }

    [Fact]
    public async Task GetPortAsync_by_the_non_admin_owner_hides_the_inactive_bindings()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });
        var owner = CallerContext.Tenant(port.TenantId);

        (await host.Plugin.GetPortAsync(owner, port.Id)).InactiveBindings.Should().BeEmpty();
        (await host.Plugin.ListPortsAsync(owner)).Should().ContainSingle().Which.InactiveBindings.Should().BeEmpty();
        (await host.Plugin.GetPortAsync(Admin, port.Id)).InactiveBindings.Should().ContainSingle();
    }

    [Fact]
    public async Task DeletePortAsync_deletes_its_inactive_bindings_with_it()
    {
        var (host, _, port) = await BoundComputePortAsync();
        await using var _ = host;
        await host.Plugin.CreatePortBindingAsync(Admin, port.Id, new PortBindingCreateRequest { Host = "h2" });

        await host.Plugin.DeletePortAsync(Admin, port.Id);

        var ex = await FluentActions.Awaiting(async () => await host.Plugin.ListPortBindingsAsync(Admin, port.Id)).Should().ThrowAsync<ResourceNotFoundException>();
        ex.Which.ErrorType.Should().Be("PortNotFound");
    }
}
