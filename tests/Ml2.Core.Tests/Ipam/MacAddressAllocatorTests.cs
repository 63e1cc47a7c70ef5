using FluentAssertions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Ipam;
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
    public void Normalize_WhenValid_ReturnsLowerCaseColonForm(string text, string expected)
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
    public void Normalize_WhenMalformedOrNotUnicast_ThrowsInvalidMac(string text)
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
    public void RangeOf_WhenBaseMacGiven_KeepsThreeOrFourOctetsLikeNeutron(string baseMac, string first, string last)
    {
        var range = MacAddressAllocator.RangeOf(baseMac);

        MacAddresses.Format(range.First).Should().Be(first);
        MacAddresses.Format(range.Last).Should().Be(last);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("01:16:3e:00:00:00")]
    public void Constructor_WhenBaseMacInvalid_ThrowsOptionsValidation(string baseMac)
    {
        var act = () => new MacAddressAllocator(Options.Create(new Ml2Options { BaseMac = baseMac }));

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("base_mac");
        MacAddressAllocator.ValidateBaseMac(baseMac).Should().NotBeNull();
        MacAddressAllocator.ValidateBaseMac("fa:16:3e:00:00:00").Should().BeNull();
    }

    [Fact]
    public async Task GenerateAsync_WhenCalledManyTimes_GivesUniqueMacsUnderDefaultBase()
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
    public async Task GenerateAsync_WhenFourthOctetSet_KeepsFourOctets()
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
    public async Task GenerateAsync_WhenPoolNotConfigured_ConfiguresItLazily()
    {
        var allocator = Allocator();

        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        mac.Should().StartWith("fa:16:3e:");
    }

    [Fact]
    public async Task GenerateAsync_WhenRangeExhausted_ThrowsNetworkMacAddressGenerationFailure()
    {
        var allocator = Allocator("fa:16:3e:4b:00:00");
        await _bed.InTransactionAsync(async tx =>
        {
            await allocator.EnsurePoolAsync(tx, "net-1");
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
    public async Task ReserveAsync_WhenDeploymentWideAndMacInUseOnAnyNetwork_ThrowsMacAddressInUse()
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
    public async Task ReserveAsync_WhenMacOutsideBaseRange_IsAccepted()
    {
        var allocator = Allocator();

        var mac = await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "02:00:00:00:00:01").AsTask());

        mac.Should().Be("02:00:00:00:00:01");
        (await _bed.InTransactionAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse("02:00:00:00:00:01")).AsTask())).Should().BeTrue();
    }

    [Fact]
    public async Task ReserveAsync_WhenMacMalformed_ThrowsInvalidInput()
    {
        var allocator = Allocator();

        var act = () => _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "01:00:5e:00:00:01").AsTask());

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be("mac_address");
    }

    [Fact]
    public async Task ReleaseAsync_WhenMacReleased_CanBeReservedAgain()
    {
        var allocator = Allocator();
        await allocator.ConfigureAsync(_bed.Store);
        var mac = await _bed.InTransactionAsync(tx => allocator.GenerateAsync(tx, "net-1").AsTask());

        (await _bed.InTransactionAsync(tx => allocator.ReleaseAsync(tx, "net-1", mac).AsTask())).Should().BeTrue();
        (await _bed.InTransactionAsync(tx => allocator.ReleaseAsync(tx, "net-1", "junk").AsTask())).Should().BeFalse();

        (await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", mac).AsTask())).Should().Be(mac);
    }

    [Fact]
    public async Task ConfigureAsync_WhenReservedBeforeConfiguration_KeepsReservationAndGeneratesAround()
    {
        var allocator = Allocator("fa:16:3e:4b:00:00");
        await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "fa:16:3e:4b:00:07").AsTask());

        await allocator.ConfigureAsync(_bed.Store);

        var usage = await _bed.UsageAsync(MacAddressAllocator.PoolName);
        usage!.Capacity.Should().Be(65536);
        usage.AllocatedInRanges.Should().Be(1);
    }

    [Fact]
    public async Task ReserveAsync_WhenPerNetwork_AcceptsTheSameMacOnTwoNetworksAndRefusesItTwiceOnOne()
    {
        var allocator = Allocator(deploymentWide: false);
        (await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "fa:16:3e:00:00:99").AsTask())).Should().Be("fa:16:3e:00:00:99");
        (await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-2", "fa:16:3e:00:00:99").AsTask())).Should().Be("fa:16:3e:00:00:99");

        var act = () => _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "fa:16:3e:00:00:99").AsTask());

        var ex = (await act.Should().ThrowAsync<AddressInUseException>()).Which;
        ex.ErrorType.Should().Be("MacAddressInUse");
        ex.Status.Should().Be(ErrorStatus.Conflict);
        ex.Field.Should().Be("mac_address");
        ex.Value.Should().Be("fa:16:3e:00:00:99");
        ex.Message.Should().Be("Unable to complete operation for network net-1. The mac address fa:16:3e:00:00:99 is in use.");
        (await _bed.InTransactionAsync(tx => tx.Pools.IsAllocatedAsync(allocator.PoolFor("net-2"), MacAddresses.Parse("fa:16:3e:00:00:99")).AsTask())).Should().BeTrue();
        allocator.PoolFor("net-1").Should().Be("mac:net-1");
    }

    [Fact]
    public async Task DeleteNetworkPoolAsync_WhenPerNetwork_ForgetsTheNetworksMacs()
    {
        var allocator = Allocator(deploymentWide: false);
        await _bed.InTransactionAsync(tx => allocator.ReserveAsync(tx, "net-1", "fa:16:3e:00:00:99").AsTask());

        await _bed.InTransactionAsync(async tx =>
        {
            await allocator.DeleteNetworkPoolAsync(tx, "net-1");
            return 0;
        });

        (await _bed.UsageAsync(allocator.PoolFor("net-1"))).Should().BeNull();
    }

    [Fact]
    public async Task GenerateAsync_WhenTheNetworksPoolVanishesMidTransaction_ThrowsARetriableConflictNotExhaustion()
    {
        // A read-committed writer (PostgreSQL) sees a concurrent network delete take the pool between the check and the
        // allocation: that is a lost race to retry (the retry finds the network gone), not an exhausted MAC range.
        var allocator = Allocator(deploymentWide: false);
        var pools = Substitute.For<IIdPoolRepository>();
        pools.GetUsageAsync("mac:net-1", Arg.Any<CancellationToken>()).Returns(new IdPoolUsage(allocator.Range.Count, 0, 0), (IdPoolUsage?)null);
        pools.AllocateRandomAsync("mac:net-1", Arg.Any<CancellationToken>()).Returns((long?)null);
        var transaction = Substitute.For<IMl2Transaction>();
        transaction.Pools.Returns(pools);

        var act = () => allocator.GenerateAsync(transaction, "net-1").AsTask();

        (await act.Should().ThrowAsync<StoreConflictException>()).Which.Code.Should().Be("pool-gone");
    }

    private static MacAddressAllocator Allocator(string baseMac = Ml2Options.DefaultBaseMac, bool deploymentWide = true) =>
        new(Options.Create(new Ml2Options { BaseMac = baseMac, UniqueMacAddressesAcrossNetworks = deploymentWide }));
}
