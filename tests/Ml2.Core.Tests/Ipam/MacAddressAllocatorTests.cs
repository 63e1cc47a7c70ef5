using FluentAssertions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Core.Tests.Pools;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.Storage;
using NSubstitute;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

public sealed class MacAddressAllocatorTests : IDisposable
{
    private readonly IpamTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData("fa:16:3e:00:00:01", "fa:16:3e:00:00:01")]
    [InlineData("FA:16:3E:AB:CD:EF", "fa:16:3e:ab:cd:ef")]
    [InlineData("fa-16-3e-ab-cd-ef", "fa:16:3e:ab:cd:ef")]
    [InlineData("fa16.3eab.cdef", "fa:16:3e:ab:cd:ef")]
    [InlineData("fa163eabcdef", "fa:16:3e:ab:cd:ef")]
    [InlineData("2:0:0:0:0:1", "02:00:00:00:00:01")]
    public void Normalize_when_valid_returns_lower_case_colon_form(string text, string expected)
    {
        MacAddresses.Normalize(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("fa:16:3e:00:00")]
    [InlineData("fa:16:3e:00:00:00:01")]
    [InlineData("fa:16:3e:00:00:0g")]
    [InlineData("fa:16:3e-00:00:01")]
    [InlineData("fa:16:3e:00:00:001")]
    [InlineData(" fa:16:3e:00:00:01")]
    [InlineData("")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("ff:ff:ff:ff:ff:ff")]
    [InlineData("01:00:5e:00:00:01")]
    [InlineData("33:33:00:00:00:01")]
    public void Normalize_when_malformed_or_not_unicast_throws_invalid_mac(string text)
    {
        var act = () => MacAddresses.Normalize(text);

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("mac_address");
        ex.Value.Should().Be(text);
        ex.ErrorType.Should().Be("HTTPBadRequest");
        ex.Message.Should().Be($"Invalid input for mac_address. Reason: '{text}' is not a valid MAC address.");
    }

    [Theory]
    [InlineData("fa:16:3e:00:00:00", "fa:16:3e:00:00:00", "fa:16:3e:ff:ff:ff")]
    [InlineData("fa:16:3e:4b:00:00", "fa:16:3e:4b:00:00", "fa:16:3e:4b:ff:ff")]
    [InlineData("fa:16:3e:4b:12:34", "fa:16:3e:4b:00:00", "fa:16:3e:4b:ff:ff")]
    [InlineData("fa:16:3e:00:12:34", "fa:16:3e:00:00:00", "fa:16:3e:ff:ff:ff")]
    [InlineData("00:00:00:00:00:00", "00:00:00:00:00:01", "00:00:00:ff:ff:ff")]
    public void RangeOf_when_base_mac_given_keeps_three_or_four_octets_like_neutron(string baseMac, string first, string last)
    {
        var range = MacAddressAllocator.RangeOf(baseMac);

        MacAddresses.Format(range.First).Should().Be(first);
        MacAddresses.Format(range.Last).Should().Be(last);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("01:16:3e:00:00:00")]
    public void Constructor_when_base_mac_invalid_throws_options_validation(string baseMac)
    {
        var act = () => new MacAddressAllocator(Options.Create(new Ml2Options { BaseMac = baseMac }), new TestRandom());

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("base_mac");
        MacAddressAllocator.ValidateBaseMac(baseMac).Should().NotBeNull();
        MacAddressAllocator.ValidateBaseMac("fa:16:3e:00:00:00").Should().BeNull();
    }

    [Fact]
    public async Task GenerateAsync_when_called_many_times_gives_unique_macs_under_default_base()
    {
        var allocator = Allocator();
        await allocator.ConfigureAsync(_bed.Store);
        var macs = await _bed.InTransactionAsync(async tx =>
        {
            var list = new List<string>();
            for (var i = 0; i < 5000; i++)
            {
                list.Add(await allocator.GenerateAsync(tx, "net-1"));
            }

            return list;
        });

        macs.Should().OnlyHaveUniqueItems();
        macs.Should().OnlyContain(m => m.StartsWith("fa:16:3e:", StringComparison.Ordinal) && m.Length == 17 && m.All(c => c == ':' || char.IsAsciiDigit(c) || "abcdef".Contains(c, StringComparison.Ordinal)));
        (await _bed.UsageAsync(MacAddressAllocator.PoolName))!.AllocatedInRanges.Should().Be(5000);
    }

    [Fact]
    public async Task GenerateAsync_when_fourth_octet_set_keeps_four_octets()
    {
        var allocator = Allocator("fa:16:3e:4b:00:00");

        var macs = await _bed.InTransactionAsync(async tx =>
        {
            var list = new List<string>();
            for (var i = 0; i < 100; i++)
            {
                list.Add(await allocator.GenerateAsync(tx, "net-1"));
            }

            return list;
        });

        macs.Should().OnlyHaveUniqueItems().And.OnlyContain(m => m.StartsWith("fa:16:3e:4b:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_when_pool_not_configured_configures_it_lazily()
    {
        var allocator = Allocator();

        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        mac.Should().StartWith("fa:16:3e:");
    }

    [Fact]
    public async Task GenerateAsync_when_range_exhausted_throws_network_mac_address_generation_failure()
    {
        var allocator = Allocator("fa:16:3e:4b:00:00");
        await _bed.InTransactionAsync(async tx =>
        {
            await tx.Pools.ConfigurePoolAsync(MacAddressAllocator.PoolName, [new IdRange(allocator.Range.First, allocator.Range.First + 2)]);
            for (var i = 0; i < 3; i++)
            {
                await allocator.GenerateAsync(tx, "net-1");
            }

            var act = () => allocator.GenerateAsync(tx, "net-1").AsTask();
            var ex = (await act.Should().ThrowAsync<ServiceUnavailableException>()).Which;
            ex.ErrorType.Should().Be("NetworkMacAddressGenerationFailure");
            ex.Status.Should().Be(ErrorStatus.ServiceUnavailable);
            ex.Message.Should().Be("Unable to generate unique mac on network net-1.");
        });
    }

    [Fact]
    public async Task GenerateAsync_when_per_network_takes_the_next_mac_past_ones_ports_have_on_any_network_and_writes_no_pool()
    {
        var allocator = Allocator(deploymentWide: false, random: new ScriptedRandom(_ => 7));
        await AddPortAsync("net-2", "port-1", allocator.Range.First + 7);
        await AddPortAsync("net-2", "port-2", allocator.Range.First + 8);

        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        mac.Should().Be(MacAddresses.Format(allocator.Range.First + 9), "the drawn MAC and the next are ports' of another network");
        (await _bed.UsageAsync(MacAddressAllocator.PoolName)).Should().BeNull("the ports' MAC index is the only record");
    }

    [Fact]
    public async Task GenerateAsync_when_per_network_wraps_around_the_end_of_the_range()
    {
        var allocator = Allocator("fa:16:3e:4b:00:00", deploymentWide: false, random: new ScriptedRandom(max => max - 1));
        await AddPortAsync("net-1", "port-1", allocator.Range.Last);

        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        mac.Should().Be("fa:16:3e:4b:00:00");
    }

    [Fact]
    public async Task GenerateAsync_when_per_network_and_16_macs_from_the_drawn_one_are_in_use_throws_network_mac_address_generation_failure()
    {
        var allocator = Allocator(deploymentWide: false, random: new ScriptedRandom(_ => 0));
        for (var i = 0; i < MacAddressAllocator.GenerationAttempts; i++)
        {
            await AddPortAsync("net-1", $"port-{i}", allocator.Range.First + i);
        }

        var act = () => _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        var ex = (await act.Should().ThrowAsync<ServiceUnavailableException>()).Which;
        ex.ErrorType.Should().Be("NetworkMacAddressGenerationFailure");
        ex.Message.Should().Be("Unable to generate unique mac on network net-1.");
        MacAddressAllocator.GenerationAttempts.Should().Be(16);
    }

    [Fact]
    public async Task GenerateAsync_when_per_network_and_the_16_macs_are_used_on_other_networks_takes_one_free_on_the_port_s_network()
    {
        // Neutron's rule is per network: a deployment using most of a 2^16 range must not see generation fail.
        var allocator = Allocator(deploymentWide: false, random: new ScriptedRandom(_ => 0));
        for (var i = 0; i < MacAddressAllocator.GenerationAttempts; i++)
        {
            await AddPortAsync(i == 0 ? "net-1" : "net-2", $"port-{i}", allocator.Range.First + i);
        }

        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        mac.Should().Be(MacAddresses.Format(allocator.Range.First + 1), "the drawn MAC is net-1's own; the next is only net-2's");
    }

    [Fact]
    public async Task ConfigureAsync_when_deployment_wide_takes_at_every_start_the_macs_of_ports_made_meanwhile()
    {
        // A port made by a controller still running without the option (or while it was off) after the pool was filled.
        var allocator = Allocator();
        await allocator.ConfigureAsync(_bed.Store);
        await AddPortAsync("net-1", "port-1", MacAddresses.Parse("fa:16:3e:00:00:31"));

        await allocator.ConfigureAsync(_bed.Store);

        var act = () => _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-2", "fa:16:3e:00:00:31").AsTask());
        (await act.Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be("net-2");
    }

    [Fact]
    public async Task GenerateAsync_when_deployment_wide_and_the_pool_is_not_configured_takes_the_macs_of_existing_ports()
    {
        var allocator = Allocator();
        await AddPortAsync("net-1", "port-1", MacAddresses.Parse("fa:16:3e:00:00:41"));

        await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-2").AsTask());

        (await _bed.InTransactionAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse("fa:16:3e:00:00:41")).AsTask())).Should().BeTrue();
    }

    [Fact]
    public async Task ReleaseAsync_when_deployment_wide_and_another_port_still_has_the_mac_keeps_it_until_the_last_goes()
    {
        // Two ports that shared a MAC on two networks before the option was turned on.
        var allocator = Allocator();
        await AddPortAsync("net-1", "port-1", MacAddresses.Parse("fa:16:3e:00:00:51"));
        await AddPortAsync("net-2", "port-2", MacAddresses.Parse("fa:16:3e:00:00:51"));
        await allocator.ConfigureAsync(_bed.Store);

        await RemovePortAsync(allocator, "port-1", "fa:16:3e:00:00:51");
        var keptForPort2 = await IsHeldAsync("fa:16:3e:00:00:51");
        await RemovePortAsync(allocator, "port-2", "fa:16:3e:00:00:51");

        keptForPort2.Should().BeTrue("port-2 still has the MAC");
        (await IsHeldAsync("fa:16:3e:00:00:51")).Should().BeFalse("the last port with it is gone");
    }

    [Fact]
    public async Task ReserveAsync_when_deployment_wide_and_mac_in_use_on_any_network_throws_mac_address_in_use()
    {
        var allocator = Allocator();
        await allocator.ConfigureAsync(_bed.Store);
        var reserved = await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "FA-16-3E-00-00-99").AsTask());
        reserved.Should().Be("fa:16:3e:00:00:99");

        var act = () => _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-2", "fa:16:3e:00:00:99").AsTask());

        var ex = (await act.Should().ThrowAsync<AddressInUseException>()).Which;
        ex.Field.Should().Be("mac_address");
        ex.NetworkId.Should().Be("net-2");
        ex.Message.Should().Be("Unable to complete operation for network net-2. The mac address fa:16:3e:00:00:99 is in use.");
    }

    [Fact]
    public async Task ReserveAsync_when_per_network_refuses_a_mac_of_the_network_and_accepts_one_of_another_network()
    {
        var allocator = Allocator(deploymentWide: false);
        await AddPortAsync("net-1", "port-1", MacAddresses.Parse("fa:16:3e:00:00:99"));

        var shared = await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-2", "FA:16:3E:00:00:99").AsTask());
        var act = () => _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "fa-16-3e-00-00-99").AsTask());

        shared.Should().Be("fa:16:3e:00:00:99");
        var ex = (await act.Should().ThrowAsync<AddressInUseException>()).Which;
        ex.NetworkId.Should().Be("net-1");
        ex.Message.Should().Be("Unable to complete operation for network net-1. The mac address fa:16:3e:00:00:99 is in use.");
    }

    [Fact]
    public async Task ReserveAsync_when_mac_outside_base_range_is_accepted()
    {
        var allocator = Allocator();

        var mac = await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "02:00:00:00:00:01").AsTask());

        mac.Should().Be("02:00:00:00:00:01");
        (await _bed.InTransactionAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse("02:00:00:00:00:01")).AsTask())).Should().BeTrue();
    }

    [Fact]
    public async Task ReserveAsync_when_mac_malformed_throws_invalid_input()
    {
        var allocator = Allocator();

        var act = () => _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "01:00:5e:00:00:01").AsTask());

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be("mac_address");
    }

    [Fact]
    public async Task ReleaseAsync_when_mac_released_can_be_reserved_again()
    {
        var allocator = Allocator();
        await allocator.ConfigureAsync(_bed.Store);
        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        await _bed.InTransactionAsync(async tx =>
        {
            await allocator.ReleaseAsync(tx, "port-1", mac);
            await allocator.ReleaseAsync(tx, "port-1", "junk");
            return 0;
        });

        (await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-2", mac).AsTask())).Should().Be(mac);
    }

    [Fact]
    public async Task ConfigureAsync_when_reserved_before_configuration_keeps_reservation_and_generates_around()
    {
        var allocator = Allocator("fa:16:3e:4b:00:00");
        await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "fa:16:3e:4b:00:07").AsTask());

        await allocator.ConfigureAsync(_bed.Store);

        var usage = await _bed.UsageAsync(MacAddressAllocator.PoolName);
        usage!.Capacity.Should().Be(65536);
        usage.AllocatedInRanges.Should().Be(1);
    }

    [Fact]
    public async Task ConfigureAsync_when_the_pool_is_new_takes_the_macs_of_existing_ports_and_drops_per_network_pools()
    {
        // A store written by a development build before schema 6 (MACs in per-network pools), or run with MACs unique
        // per network until now: no pool "mac".
        var allocator = Allocator();
        await AddPortAsync("net-1", "port-1", MacAddresses.Parse("fa:16:3e:00:00:07"));
        await _bed.InTransactionAsync(async tx =>
        {
            await tx.Pools.ConfigurePoolAsync("mac:net-1", [allocator.Range]);
            await tx.Pools.TryReserveAsync("mac:net-1", MacAddresses.Parse("fa:16:3e:00:00:07"));
        });

        await allocator.ConfigureAsync(_bed.Store);

        (await _bed.InTransactionAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse("fa:16:3e:00:00:07")).AsTask())).Should().BeTrue();
        (await _bed.UsageAsync("mac:net-1")).Should().BeNull();
    }

    [Fact]
    public async Task ConfigureAsync_when_per_network_drops_the_pool_so_turning_deployment_wide_on_later_fills_it_from_the_ports()
    {
        var deploymentWide = Allocator();
        await deploymentWide.ConfigureAsync(_bed.Store);
        await _bed.InTransactionAsync(tx => deploymentWide.ReserveAsync(tx, "net-1", "fa:16:3e:00:00:01").AsTask());

        await Allocator(deploymentWide: false).ConfigureAsync(_bed.Store);
        (await _bed.UsageAsync(MacAddressAllocator.PoolName)).Should().BeNull();
        await AddPortAsync("net-1", "port-2", MacAddresses.Parse("fa:16:3e:00:00:02"));   // made while per network
        await deploymentWide.ConfigureAsync(_bed.Store);

        var act = () => _bed.InTransactionAsync(tx => deploymentWide.ReserveAsync(tx, "net-9", "fa:16:3e:00:00:02").AsTask());
        (await act.Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be("net-9");
    }

    private Task AddPortAsync(string networkId, string portId, long mac) => _bed.InTransactionAsync(async tx =>
    {
        if (await tx.Networks.FindAsync(networkId) is null)
        {
            await tx.Networks.AddAsync(new Network { Id = networkId, TenantId = "t", Name = networkId });
        }

        await tx.Ports.AddAsync(new Port { Id = portId, TenantId = "t", NetworkId = networkId, MacAddress = MacAddresses.Format(mac) });
    });

    private Task RemovePortAsync(MacAddressAllocator allocator, string portId, string mac) => _bed.InTransactionAsync(async tx =>
    {
        await allocator.ReleaseAsync(tx, portId, mac);
        await tx.Ports.RemoveAsync(portId);
    });

    private Task<bool> IsHeldAsync(string mac) =>
        _bed.InTransactionAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse(mac)).AsTask());

    private static MacAddressAllocator Allocator(string baseMac = Ml2Options.DefaultBaseMac, bool deploymentWide = true, IRandomSource? random = null) =>
        new(Options.Create(new Ml2Options { BaseMac = baseMac, UniqueMacAddressesAcrossNetworks = deploymentWide }), random ?? new TestRandom());
}
