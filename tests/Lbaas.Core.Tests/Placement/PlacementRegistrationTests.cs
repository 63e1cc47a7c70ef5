using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Lbaas.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2;
using Lbaas;

namespace Lbaas.Core.Tests.Placement;

/// <summary>AddLbaasPlacement, PlacementOptions validation and the resolved pipeline.</summary>
public sealed class PlacementRegistrationTests
{
    [Fact]
    public void AddLbaasPlacement_when_called_twice_registers_everything_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IRandomSource>(new TestRandom());
        services.AddLbaasPlacement();
        services.AddLbaasPlacement();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IStartupValidator>().Validate();
        provider.GetRequiredService<IDeviceRegistry>().Should().BeSameAs(provider.GetRequiredService<DeviceRegistry>());
        provider.GetRequiredService<IDeviceScheduler>().Should().BeSameAs(provider.GetRequiredService<DeviceScheduler>());
        provider.GetServices<IPlacementPolicy>().Select(p => p.Name).Should().BeEquivalentTo(
            [.. BuiltInPlacementPolicies.Filters, .. BuiltInPlacementPolicies.Scorers]);
        provider.GetServices<IValidateOptions<PlacementOptions>>().Should().ContainSingle();
    }

    [Fact]
    public void Validate_when_options_have_many_problems_reports_every_one_at_once()
    {
        using var host = PlacementHost.Create(o =>
        {
            o.EnabledPolicies = ["capacity", "nonsense", "capacity", "least_loaded"];
            o.Weights = new Dictionary<string, double> { ["capacity"] = 2, ["unknown"] = 1, ["least_loaded"] = -1, ["same_tenant"] = double.NaN };
            o.TopK = 0;
            o.MaxClaimRetries = 0;
            o.MinFeasibleDevices = -1;
        });

        var act = () => host.Services.GetRequiredService<IStartupValidator>().Validate();

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().HaveCount(9);
        failures.Should().Contain(f => f.StartsWith("EnabledPolicies: 'nonsense' is not a placement policy (known: ", StringComparison.Ordinal));
        failures.Should().Contain("EnabledPolicies: 'capacity' is listed more than once.");
        failures.Should().Contain("Weights:capacity: '2' - 'capacity' is a filter; it does not score, so it takes no weight.");
        failures.Should().Contain(f => f.StartsWith("Weights: 'unknown' is not a placement policy", StringComparison.Ordinal));
        failures.Should().Contain("Weights:least_loaded: '-1' must be a finite number, 0 or more.");
        failures.Should().Contain("Weights:same_tenant: 'NaN' must be a finite number, 0 or more.");
        failures.Should().Contain("TopK: '0' must be 1 or more.");
        failures.Should().Contain("MaxClaimRetries: '0' must be between 1 and 100.");
        failures.Should().Contain("MinFeasibleDevices: '-1' must be 0 or more.");
        FluentActions.Invoking(() => host.Scheduler).Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void Validate_when_host_policy_reuses_a_built_in_or_reserved_name_fails()
    {
        using var host = PlacementHost.Create(services: s =>
        {
            s.AddSingleton<IPlacementPolicy>(new NamedPolicy("Capacity"));
            s.AddSingleton<IPlacementPolicy>(new NamedPolicy("driver"));
        });

        var act = () => host.Services.GetRequiredService<IStartupValidator>().Validate();

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().Contain(f => f.StartsWith("IPlacementPolicy: more than one policy is named 'Capacity' (Lbaas.Placement.Policies.CapacityPolicy, ", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("IPlacementPolicy: 'driver' (", StringComparison.Ordinal) && f.EndsWith("is reserved for the provider's driver.", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_when_defaults_runs_filters_cheapest_first_then_host_policies_then_default_scorers()
    {
        var policies = BuiltInPlacementPolicies.Types.Select(t => (IPlacementPolicy)Activator.CreateInstance(t)!).Append(new NamedPolicy("vendor_rule"));
        var errors = new List<string>();

        var pipeline = PlacementPipeline.Build(new PlacementOptions(), policies, errors)!;

        errors.Should().BeEmpty();
        pipeline.Policies.Select(p => p.Name).Should().Equal(
            "provider_match", "admin_state_and_health", "tenant_isolation", "anti_affinity", "capacity", "overlapping_ips",
            "vendor_rule", "least_loaded", "same_tenant", "wired_to_vip_network", "wired_to_member_network");
        pipeline.Weights.Should().Equal(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
        pipeline.WeightSum.Should().Be(5);
        pipeline.CanUseIndexes.Should().BeTrue();
    }

    [Fact]
    public void Build_when_policies_listed_puts_built_in_filters_first_and_keeps_the_rest_in_order()
    {
        var policies = BuiltInPlacementPolicies.Types.Select(t => (IPlacementPolicy)Activator.CreateInstance(t)!);
        var options = new PlacementOptions
        {
            EnabledPolicies = ["prefer_virtual", "CAPACITY", "same_network", "provider_match"],
            Weights = new Dictionary<string, double> { ["Same_Network"] = 2.5, ["prefer_physical"] = 9 },
        };

        var pipeline = PlacementPipeline.Build(options, policies, new List<string>())!;

        pipeline.Policies.Select(p => p.Name).Should().Equal("provider_match", "capacity", "prefer_virtual", "same_network");
        pipeline.Weights.Should().Equal(0, 0, 1, 2.5);
        pipeline.Scoring.Should().Equal(2, 3);
        pipeline.CanUseIndexes.Should().BeFalse("admin_state_and_health and tenant_isolation are off");
    }

    private sealed class NamedPolicy(string name) : IPlacementPolicy
    {
        public string Name => name;

        public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device) => PlacementVerdict.Accept();
    }
}
