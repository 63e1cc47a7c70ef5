using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Core.Tests.DependencyInjection;

/// <summary>AddMl2 registrations: idempotent, type drivers replaceable, mechanism driver names unique.</summary>
public sealed class AddMl2RegistrationTests
{
    private static readonly string[] s_builtInTypes = [NetworkTypes.Local, NetworkTypes.Flat, NetworkTypes.Vlan, NetworkTypes.Gre, NetworkTypes.Vxlan, NetworkTypes.Geneve];

    [Fact]
    public async Task AddMl2_when_called_twice_registers_one_plugin_and_each_built_in_type_driver_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());

        services.AddMl2(o => o.TenantNetworkTypes = ["vxlan"]);
        services.AddMl2(o => o.Vxlan.VniRanges = ["100:199"]);

        services.Count(d => d.ServiceType == typeof(IMl2Plugin)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IMl2Store)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<Ml2Options>)).Should().Be(1);
        var typeDriverRegistrations = services.Where(d => d.ServiceType == typeof(ITypeDriver)).ToList();
        typeDriverRegistrations.Should().HaveCount(s_builtInTypes.Length);
        typeDriverRegistrations.Select(d => d.ImplementationType).Should().OnlyHaveUniqueItems();

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetServices<ITypeDriver>().Select(d => d.NetworkType).Should().BeEquivalentTo(s_builtInTypes);
        provider.GetRequiredService<IMl2Plugin>().Should().BeSameAs(provider.GetRequiredService<IMl2Plugin>());
        var network = await provider.GetRequiredService<IMl2Plugin>().CreateNetworkAsync(CallerContext.Tenant("t"), new NetworkCreateRequest());
        var segment = (await provider.GetRequiredService<IMl2Plugin>().GetNetworkAsync(CallerContext.Admin(), network.Id)).Segments.Single();
        segment.NetworkType.Should().Be(NetworkTypes.Vxlan, "both configure actions apply");
        segment.SegmentationId.Should().BeInRange(100, 199);
    }

    [Fact]
    public async Task AddMl2_when_called_twice_with_bad_options_reports_each_failure_once()
    {
        var services = new ServiceCollection();
        services.AddMl2(o => o.GlobalPhysnetMtu = -1);
        services.AddMl2();

        await using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<IMl2Plugin>();

        var ex = act.Should().Throw<OptionsValidationException>().Which;
        ex.Failures.Where(f => f.Contains("global_physnet_mtu", StringComparison.Ordinal)).Should().ContainSingle();
    }

    [Fact]
    public async Task AddTypeDriver_when_a_custom_driver_owns_vxlan_replaces_the_built_in_vxlan_driver()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<FixedVxlanTypeDriver.Calls>();
        services.AddMl2(o =>
            {
                o.TenantNetworkTypes = ["vxlan"];
                o.Vxlan.VniRanges = ["1000:1999"];
            })
            .UseRandomSource(new TestRandom(1))
            .AddTypeDriver<FixedVxlanTypeDriver>();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var plugin = provider.GetRequiredService<IMl2Plugin>();

        var tenant = await plugin.CreateNetworkAsync(CallerContext.Admin(), new NetworkCreateRequest { Name = "tenant" });
        var act = async () => await plugin.CreateNetworkAsync(CallerContext.Admin(), new NetworkCreateRequest { NetworkType = NetworkTypes.Vxlan, SegmentationId = 1500 });

        tenant.Segments.Single().ToProviderSegment().Should().Be(new ProviderSegment(NetworkTypes.Vxlan, null, FixedVxlanTypeDriver.Vni));
        tenant.Mtu.Should().Be(FixedVxlanTypeDriver.Mtu);
        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be(FixedVxlanTypeDriver.Refusal);
        provider.GetRequiredService<FixedVxlanTypeDriver.Calls>().Allocations.Should().Be(1);
    }

    [Fact]
    public async Task AddTypeDriver_when_add_ml_2_is_called_again_afterwards_keeps_the_custom_driver()
    {
        var services = new ServiceCollection();
        services.AddSingleton<FixedVxlanTypeDriver.Calls>();
        services.AddMl2(o => o.TenantNetworkTypes = ["vxlan"]).AddTypeDriver<FixedVxlanTypeDriver>();
        services.AddMl2();
        await using var provider = services.BuildServiceProvider();

        var network = await provider.GetRequiredService<IMl2Plugin>().CreateNetworkAsync(CallerContext.Admin(), new NetworkCreateRequest());

        network.Segments.Single().SegmentationId.Should().Be(FixedVxlanTypeDriver.Vni);
    }

    [Fact]
    public async Task AddMechanismDriver_when_two_drivers_share_a_name_resolving_the_plugin_throws_options_validation()
    {
        var log = new CallLog();
        var services = new ServiceCollection();
        services.AddMl2()
            .AddMechanismDriver(new RecordingMechanismDriver("agent", log))
            .AddMechanismDriver(new RecordingMechanismDriver("dup", log))
            .AddMechanismDriver(new RecordingMechanismDriver("dup", log));
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMl2Plugin>();

        var ex = act.Should().Throw<OptionsValidationException>().Which;
        ex.Failures.Should().Contain(f => f.Contains("dup", StringComparison.Ordinal) && f.Contains("unique", StringComparison.OrdinalIgnoreCase));
        ex.Failures.Should().NotContain(f => f.Contains("agent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_validator_when_two_mechanism_drivers_share_a_name_throws()
    {
        var log = new CallLog();
        var services = new ServiceCollection();
        services.AddMl2()
            .AddMechanismDriver(new RecordingMechanismDriver("dup", log))
            .AddMechanismDriver(new RecordingMechanismDriver("dup", log));
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains("dup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddMechanismDriver_when_the_same_instance_is_added_twice_calls_it_once()
    {
        var log = new CallLog();
        var driver = new RecordingMechanismDriver("agent", log);
        var services = new ServiceCollection();
        services.AddMl2().AddMechanismDriver(driver).AddMechanismDriver(driver);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IMl2Plugin>().CreateNetworkAsync(CallerContext.Admin(), new NetworkCreateRequest());

        log.For("create_network_precommit").Should().Equal("agent:create_network_precommit");
    }

    /// <summary>A replacement vxlan type driver that hands out one fixed VNI and reports its own MTU.</summary>
    private sealed class FixedVxlanTypeDriver(FixedVxlanTypeDriver.Calls calls) : ITypeDriver
    {
        public const long Vni = 4242;
        public const int Mtu = 1234;
        public const string Refusal = "the custom vxlan driver only hands out its own VNI";

        public string NetworkType => NetworkTypes.Vxlan;

        public void ValidateProviderSegment(ProviderSegment segment)
        {
            if (segment.SegmentationId is { } id && id != Vni)
            {
                throw new InvalidInputException("provider:segmentation_id", id, Refusal);
            }
        }

        public bool IsPartialSegment(ProviderSegment segment) => segment.SegmentationId is null;

        public ValueTask<ProviderSegment> ReserveProviderSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken) =>
            ValueTask.FromResult(segment with { SegmentationId = Vni });

        public ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken)
        {
            calls.Allocations++;
            return ValueTask.FromResult<ProviderSegment?>(new ProviderSegment(NetworkTypes.Vxlan, null, Vni));
        }

        public ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken) => default;

        public int GetMtu(string? physicalNetwork) => Mtu;

        /// <summary>Counts the driver's calls (a DI singleton so the test can read it).</summary>
        public sealed class Calls
        {
            public int Allocations { get; set; }
        }
    }
}
