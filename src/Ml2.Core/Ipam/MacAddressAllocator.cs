using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Port MAC addresses.
/// <list type="bullet">
/// <item>Generated MACs follow Neutron's <c>get_random_mac(base_mac)</c>: the first three octets of <c>base_mac</c> are
/// kept, the fourth too when it is not 00, the rest is random (<see cref="Range"/>: fa:16:3e:00:00:00-fa:16:3e:ff:ff:ff
/// for the default base MAC; 2^16 addresses when the fourth octet is fixed; never the all-zero address).</item>
/// <item>As in Neutron, a MAC is unique on its network (the unique key of Neutron's ports table is
/// (network_id, mac_address)) and the same MAC may be used on two networks. The ports' MAC index is the only record:
/// a generated MAC is a random one that no port has, else the first of the <see cref="GenerationAttempts"/> MACs from it
/// on that none has (16 tries, as Neutron's old <c>mac_generation_retries</c>), else the first of them that no port of
/// its network has; a requested MAC is refused when a port of its network has it; and a relational store's unique key (mac_address, network_id) turns two concurrent transactions taking one MAC on one network into a
/// conflict the write is retried on. Removing a port frees its MAC with its row.</item>
/// <item>With <see cref="Ml2Options.UniqueMacAddressesAcrossNetworks"/> a MAC used on any network is refused. Then the
/// store's id pool <c>mac</c> (ids = the 48-bit MAC value) holds every MAC a port has, so two networks never take one
/// MAC even concurrently, and generation draws from the pool's free ids exactly. Ports that shared a MAC before the
/// option was turned on keep it; the pool lets it go with the last of them.</item>
/// </list>
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A DI singleton; callers use it through an injected instance.")]
internal sealed class MacAddressAllocator
{
    /// <summary>The pool name (used when MACs are unique across networks).</summary>
    public const string PoolName = "mac";

    /// <summary>How many MACs, from a random one on, are tried (MACs unique per network).</summary>
    public const int GenerationAttempts = 16;

    private readonly IRandomSource _random;

    /// <summary>Creates the allocator.</summary>
    /// <param name="options">The ML2 options (<c>base_mac</c>, <c>unique_mac_addresses_across_networks</c>).</param>
    /// <param name="random">The source of the generated MACs.</param>
    /// <exception cref="OptionsValidationException"><c>base_mac</c> is malformed or multicast.</exception>
    public MacAddressAllocator(IOptions<Ml2Options> options, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var baseMac = options.Value.BaseMac;
        if (ValidateBaseMac(baseMac) is { } error)
        {
            throw new OptionsValidationException(Ml2Options.SectionName, typeof(Ml2Options), [error]);
        }

        _ = MacAddresses.TryParse(baseMac, out var value);
        BaseMac = MacAddresses.Format(value);
        Range = RangeOf(baseMac);
        DeploymentWide = options.Value.UniqueMacAddressesAcrossNetworks;
        _random = random;
    }

    /// <summary>Whether a MAC is unique across every network (one pool) rather than on its network.</summary>
    public bool DeploymentWide { get; }

    /// <summary>The configured base MAC in canonical form.</summary>
    public string BaseMac { get; }

    /// <summary>The range generated MACs are drawn from.</summary>
    public IdRange Range { get; }

    /// <summary>Checks a <c>base_mac</c> value: a MAC address whose first octet is unicast.</summary>
    /// <param name="baseMac">The value.</param>
    /// <returns>The problem, or null when valid.</returns>
    public static string? ValidateBaseMac(string? baseMac)
    {
        if (!MacAddresses.TryParse(baseMac, out var value))
        {
            return $"base_mac: '{baseMac ?? "None"}' is not a valid MAC address";
        }

        return MacAddresses.IsMulticast(value)
            ? $"base_mac: '{baseMac}' is a multicast MAC address; generated port MACs must be unicast"
            : null;
    }

    /// <summary>The range of MACs generated from a base MAC (see the class remarks).</summary>
    /// <param name="baseMac">A valid base MAC.</param>
    /// <returns>The range.</returns>
    public static IdRange RangeOf(string baseMac)
    {
        if (!MacAddresses.TryParse(baseMac, out var value))
        {
            throw new ArgumentException($"'{baseMac}' is not a valid MAC address.", nameof(baseMac));
        }

        var fourth = (value >> 16) & 0xFF;
        var (first, last) = fourth != 0
            ? (value & ~0xFFFFL, value | 0xFFFFL)
            : (value & ~0xFFFFFFL, value | 0xFFFFFFL);
        return new IdRange(Math.Max(first, 1), last);
    }

    /// <summary>
    /// Prepares the store in its own transaction (call once at start). MACs unique across networks: the pool is
    /// configured (re-running after a base_mac change keeps MACs in use) and takes the MAC of every port, at every start
    /// (idempotent), so ports made while the option was off, or by a controller still running without it, are held
    /// from then on. MACs unique per network: the pool is dropped. Per-network pools (<c>mac:{network id}</c>, written
    /// by development builds before version 6 of the schema) are dropped.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the configuration.</param>
    /// <returns>A task that completes when the configuration is committed.</returns>
    public async ValueTask ConfigureAsync(IMl2Store store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var transaction = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var pools = transaction.Pools;
            if (DeploymentWide)
            {
                await ConfigurePoolWithEveryPortAsync(transaction, cancellationToken).ConfigureAwait(false);
            }
            else if (await pools.GetUsageAsync(PoolName, cancellationToken).ConfigureAwait(false) is not null)
            {
                await pools.DeletePoolAsync(PoolName, cancellationToken).ConfigureAwait(false);
            }

            foreach (var perNetwork in await pools.ListPoolsAsync(PoolName + ":", cancellationToken).ConfigureAwait(false))
            {
                await pools.DeletePoolAsync(perNetwork, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Generates a random MAC under the base MAC that no port has (and, deployment-wide, marks it in use).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network (for the error message).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="ServiceUnavailableException">No free MAC was found (Neutron's NetworkMacAddressGenerationFailure).</exception>
    public async ValueTask<string> GenerateAsync(IMl2Transaction transaction, string networkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        var id = DeploymentWide
            ? await DrawFromPoolAsync(transaction, cancellationToken).ConfigureAwait(false)
            : await DrawUnusedAsync(transaction.Ports, networkId, cancellationToken).ConfigureAwait(false);
        return id ?? throw ServiceUnavailableException.OfType("NetworkMacAddressGenerationFailure", $"Unable to generate unique mac on network {networkId}.");
    }

    /// <summary>Validates a requested MAC and (deployment-wide) marks it in use.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="macAddress">The requested MAC, in any accepted form.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="InvalidInputException">The MAC is malformed, all-zero, broadcast or multicast.</exception>
    /// <exception cref="AddressInUseException">The MAC is in use on the network (on any network when deployment-wide).</exception>
    public async ValueTask<string> ReserveAsync(IMl2Transaction transaction, string networkId, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        var value = MacAddresses.Parse(macAddress);
        var canonical = MacAddresses.Format(value);
        var inUse = DeploymentWide
            ? !await transaction.Pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false)
            : await transaction.Ports.AnyWithMacAddressAsync(canonical, networkId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return inUse ? throw AddressInUseException.Mac(networkId, canonical) : canonical;
    }

    /// <summary>
    /// Frees the MAC of a port that is being removed or given another MAC. Per network there is nothing to do (the
    /// port's row is the record); deployment-wide the pool lets it go unless another port still has it (ports that
    /// shared a MAC on two networks before the option was turned on keep it). A malformed MAC is ignored.
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="portId">The port giving the MAC up.</param>
    /// <param name="macAddress">The MAC.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the MAC is released or kept.</returns>
    public async ValueTask ReleaseAsync(IMl2Transaction transaction, string portId, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(portId);
        if (DeploymentWide
            && MacAddresses.TryParse(macAddress, out var value)
            && !await transaction.Ports.AnyWithMacAddressAsync(MacAddresses.Format(value), exceptPortId: portId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await transaction.Pools.ReleaseAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<string?> DrawFromPoolAsync(IMl2Transaction transaction, CancellationToken cancellationToken)
    {
        var pools = transaction.Pools;
        var id = await pools.AllocateRandomAsync(PoolName, cancellationToken).ConfigureAwait(false);
        if (id is null && await pools.GetUsageAsync(PoolName, cancellationToken).ConfigureAwait(false) is not { Capacity: > 0 })
        {
            // Not configured (a store written without this allocator's start-up): configure, take every port's MAC, draw again.
            await ConfigurePoolWithEveryPortAsync(transaction, cancellationToken).ConfigureAwait(false);
            id = await pools.AllocateRandomAsync(PoolName, cancellationToken).ConfigureAwait(false);
        }

        return id is { } value ? MacAddresses.Format(value) : null;
    }

    // A random MAC that no port has, else the next of GenerationAttempts from it; when every one of those is used somewhere,
    // the first that no port of this network has (Neutron's rule: a MAC is unique on its network only).
    private async ValueTask<string?> DrawUnusedAsync(IPortRepository ports, string networkId, CancellationToken cancellationToken)
    {
        // The ones after a random start: two controllers whose random sources repeat each other (seeded alike) would
        // otherwise keep drawing each other's MACs.
        var start = _random.NextInt64(Range.Count);
        string? unusedOnNetwork = null;
        for (var attempt = 0; attempt < GenerationAttempts; attempt++)
        {
            var mac = MacAddresses.Format(Range.First + ((start + attempt) % Range.Count));
            if (!await ports.AnyWithMacAddressAsync(mac, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                return mac;
            }

            if (unusedOnNetwork is null && !await ports.AnyWithMacAddressAsync(mac, networkId, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                unusedOnNetwork = mac;
            }
        }

        return unusedOnNetwork;
    }

    private async ValueTask ConfigurePoolWithEveryPortAsync(IMl2Transaction transaction, CancellationToken cancellationToken)
    {
        var pools = transaction.Pools;
        await pools.ConfigurePoolAsync(PoolName, [Range], cancellationToken).ConfigureAwait(false);
        foreach (var port in await transaction.Ports.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (MacAddresses.TryParse(port.MacAddress, out var value))
            {
                await pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
