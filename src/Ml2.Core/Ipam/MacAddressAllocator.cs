using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Port MAC addresses through the store's id pool <c>mac</c> (ids = the 48-bit MAC value).
/// <list type="bullet">
/// <item>Generated MACs follow Neutron's <c>get_random_mac(base_mac)</c>: the first three octets of <c>base_mac</c> are
/// kept, the fourth too when it is not 00, the rest is random. The pool's range is exactly that set
/// (fa:16:3e:00:00:00-fa:16:3e:ff:ff:ff for the default base MAC; 2^16 addresses when the fourth octet is fixed),
/// without the all-zero address.</item>
/// <item>As in Neutron, a MAC is unique on its network (the unique key of Neutron's ports table is
/// (network_id, mac_address)): one pool per network, <c>mac:{network id}</c>, created with the network (or, for a
/// network created by an older SDK, at its next port, with the MACs of the ports it already has) and deleted with the
/// network. The same MAC may be used on two networks. With <see cref="Ml2Options.UniqueMacAddressesAcrossNetworks"/>
/// there is ONE pool, <c>mac</c>, for the whole deployment and a MAC used on any network is refused; the pool takes the
/// MACs of every existing port at start.</item>
/// <item>Any valid unicast MAC can be requested explicitly, inside the base MAC range or not.</item>
/// </list>
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A DI singleton; callers use it through an injected instance.")]
internal sealed class MacAddressAllocator
{
    /// <summary>The pool name.</summary>
    public const string PoolName = "mac";

    /// <summary>Creates the allocator.</summary>
    /// <param name="options">The ML2 options (<c>base_mac</c>).</param>
    /// <exception cref="OptionsValidationException"><c>base_mac</c> is malformed or multicast.</exception>
    public MacAddressAllocator(IOptions<Ml2Options> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseMac = options.Value.BaseMac;
        if (ValidateBaseMac(baseMac) is { } error)
        {
            throw new OptionsValidationException(Ml2Options.SectionName, typeof(Ml2Options), [error]);
        }

        _ = MacAddresses.TryParse(baseMac, out var value);
        BaseMac = MacAddresses.Format(value);
        Range = RangeOf(baseMac);
        DeploymentWide = options.Value.UniqueMacAddressesAcrossNetworks;
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

    /// <summary>The pool holding the MACs of a network's ports: <c>mac:{networkId}</c>, or <c>mac</c> when deployment-wide.</summary>
    /// <param name="networkId">The network.</param>
    /// <returns>The pool name.</returns>
    public string PoolFor(string networkId) => DeploymentWide ? PoolName : $"{PoolName}:{networkId}";

    /// <summary>
    /// Configures the deployment-wide pool in its own transaction when MACs are unique across networks, with the MACs
    /// of every existing port (call once at start; re-running after a base_mac change keeps MACs in use). Per-network
    /// pools are configured at the first use of each network.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the configuration.</param>
    /// <returns>A task that completes when the configuration is committed.</returns>
    public async ValueTask ConfigureAsync(IMl2Store store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!DeploymentWide)
        {
            return;
        }

        var transaction = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.Pools.ConfigurePoolAsync(PoolName, [Range], cancellationToken).ConfigureAwait(false);
            foreach (var port in await transaction.Ports.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (MacAddresses.TryParse(port.MacAddress, out var value))
                {
                    await transaction.Pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes sure the network's pool exists with the base MAC range; a per-network pool created here takes the MACs of
    /// the ports the network already has.
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The network.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is ready.</returns>
    public async ValueTask EnsurePoolAsync(IMl2Transaction transaction, string networkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        var pool = PoolFor(networkId);
        var usage = await transaction.Pools.GetUsageAsync(pool, cancellationToken).ConfigureAwait(false);
        if (usage is not null && usage.Capacity > 0)
        {
            return;
        }

        await transaction.Pools.ConfigurePoolAsync(pool, [Range], cancellationToken).ConfigureAwait(false);
        if (DeploymentWide)
        {
            return;
        }

        foreach (var port in await transaction.Ports.ListByNetworkAsync(networkId, cancellationToken).ConfigureAwait(false))
        {
            if (MacAddresses.TryParse(port.MacAddress, out var value))
            {
                await transaction.Pools.TryReserveAsync(pool, value, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates the pool of a new network (nothing when MACs are deployment-wide).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The new network.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool exists.</returns>
    public ValueTask CreateNetworkPoolAsync(IMl2Transaction transaction, string networkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        return DeploymentWide ? default : transaction.Pools.ConfigurePoolAsync(PoolFor(networkId), [Range], cancellationToken);
    }

    /// <summary>Generates a random MAC under the base MAC, free on the network, and marks it in use.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="ServiceUnavailableException">Every MAC under the base MAC is in use (Neutron's NetworkMacAddressGenerationFailure).</exception>
    public async ValueTask<string> GenerateAsync(IMl2Transaction transaction, string networkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        await EnsurePoolAsync(transaction, networkId, cancellationToken).ConfigureAwait(false);
        var pool = PoolFor(networkId);
        if (await transaction.Pools.AllocateRandomAsync(pool, cancellationToken).ConfigureAwait(false) is { } value)
        {
            return MacAddresses.Format(value);
        }

        // No free MAC - or no pool any more: a concurrent delete of the network (visible to a read-committed writer)
        // took it. That is a lost race, retried as a whole; the retry finds the network gone.
        if (await transaction.Pools.GetUsageAsync(pool, cancellationToken).ConfigureAwait(false) is not { Capacity: > 0 })
        {
            throw new StoreConflictException($"pool {pool} was deleted concurrently", "pool-gone", null);
        }

        throw ServiceUnavailableException.OfType("NetworkMacAddressGenerationFailure", $"Unable to generate unique mac on network {networkId}.");
    }

    /// <summary>Validates a requested MAC and marks it in use on the network.</summary>
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
        await EnsurePoolAsync(transaction, networkId, cancellationToken).ConfigureAwait(false);
        if (!await transaction.Pools.TryReserveAsync(PoolFor(networkId), value, cancellationToken).ConfigureAwait(false))
        {
            throw AddressInUseException.Mac(networkId, canonical);
        }

        return canonical;
    }

    /// <summary>Frees a MAC of the network (a malformed or unknown MAC is ignored).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="macAddress">The MAC.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the MAC was not in use.</returns>
    public async ValueTask<bool> ReleaseAsync(IMl2Transaction transaction, string networkId, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        return MacAddresses.TryParse(macAddress, out var value)
            && await transaction.Pools.ReleaseAsync(PoolFor(networkId), value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the network's pool with the network (nothing when MACs are deployment-wide).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The network.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is gone.</returns>
    public ValueTask DeleteNetworkPoolAsync(IMl2Transaction transaction, string networkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        return DeploymentWide ? default : transaction.Pools.DeletePoolAsync(PoolFor(networkId), cancellationToken);
    }
}
