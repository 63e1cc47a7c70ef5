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
/// <item>ONE pool for the whole deployment: a MAC is unique across every network, stricter than Neutron, which only
/// refuses a MAC already used on the same network. <see cref="ReserveAsync"/> therefore refuses a MAC used on any
/// network; the error still names the port's network, in Neutron's MacAddressInUse wording.</item>
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
    }

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

    /// <summary>Configures the pool in its own transaction (call once at start; re-running after a base_mac change keeps MACs in use).</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the configuration.</param>
    /// <returns>A task that completes when the configuration is committed.</returns>
    public async ValueTask ConfigureAsync(IMl2Store store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var transaction = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ConfigurePoolAsync(transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Configures the pool inside the caller's transaction.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is configured.</returns>
    public ValueTask ConfigurePoolAsync(IMl2Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Pools.ConfigurePoolAsync(PoolName, [Range], cancellationToken);
    }

    /// <summary>Generates a random free MAC under the base MAC and marks it in use.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="ConflictException">Every MAC under the base MAC is in use.</exception>
    public async ValueTask<string> GenerateAsync(IMl2Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var pools = transaction.Pools;
        var id = await pools.AllocateRandomAsync(PoolName, cancellationToken).ConfigureAwait(false);
        if (id is null)
        {
            // Not configured yet (or created range-less by an explicit reservation): configure and try again.
            var usage = await pools.GetUsageAsync(PoolName, cancellationToken).ConfigureAwait(false);
            if (usage is null || usage.Capacity == 0)
            {
                await ConfigurePoolAsync(transaction, cancellationToken).ConfigureAwait(false);
                id = await pools.AllocateRandomAsync(PoolName, cancellationToken).ConfigureAwait(false);
            }
        }

        return id is { } value
            ? MacAddresses.Format(value)
            : throw new ConflictException(
                $"Unable to generate a unique MAC address: every MAC address of base_mac {BaseMac} " +
                $"({MacAddresses.Format(Range.First)}-{MacAddresses.Format(Range.Last)}) is in use.");
    }

    /// <summary>Validates a requested MAC and marks it in use.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network (for the error message).</param>
    /// <param name="macAddress">The requested MAC, in any accepted form.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="InvalidInputException">The MAC is malformed, all-zero, broadcast or multicast.</exception>
    /// <exception cref="AddressInUseException">The MAC is in use (on any network).</exception>
    public async ValueTask<string> ReserveAsync(IMl2Transaction transaction, string networkId, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        var value = MacAddresses.Parse(macAddress);
        var canonical = MacAddresses.Format(value);
        if (!await transaction.Pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false))
        {
            throw AddressInUseException.Mac(networkId, canonical);
        }

        return canonical;
    }

    /// <summary>Frees a MAC (a malformed or unknown MAC is ignored).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="macAddress">The MAC.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the MAC was not in use.</returns>
    public async ValueTask<bool> ReleaseAsync(IMl2Transaction transaction, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return MacAddresses.TryParse(macAddress, out var value)
            && await transaction.Pools.ReleaseAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
    }
}
