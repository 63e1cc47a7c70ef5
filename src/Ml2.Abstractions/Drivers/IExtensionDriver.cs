using System.Text.Json;
using Ml2.Contexts;

namespace Ml2.Drivers;

/// <summary>
/// A vendor extension driver: owns extra attributes on networks, subnets and ports. It validates them, may keep its
/// own rows through the context's transaction, and returns what is stored with the resource.
/// </summary>
public interface IExtensionDriver
{
    /// <summary>The extension alias (also the driver's name in the <c>extension_drivers</c> option).</summary>
    string Alias { get; }

    /// <summary>The attribute names this driver owns (e.g. <c>acme:qos_tag</c>); a request naming an attribute no driver owns is bad input.</summary>
    IReadOnlyCollection<string> AttributeNames { get; }

    /// <summary>Called once when the plugin starts.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the driver is ready.</returns>
    ValueTask InitializeAsync(CancellationToken cancellationToken) => default;

    /// <summary>
    /// Processes this driver's attributes of a create or update, inside the transaction (Neutron's
    /// <c>process_create_*</c> / <c>process_update_*</c>). Throw <see cref="Exceptions.InvalidInputException"/> to reject;
    /// any exception rolls the operation back and reaches the caller unchanged.
    /// </summary>
    /// <param name="context">The resource and the transaction.</param>
    /// <param name="requested">The requested values of this driver's attributes (only those present in the request).</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>The values to store for this driver's attributes (merged over the current ones).</returns>
    ValueTask<IReadOnlyDictionary<string, JsonElement>> ProcessAsync(
        ExtensionContext context, IReadOnlyDictionary<string, JsonElement> requested, CancellationToken cancellationToken) =>
        ValueTask.FromResult(requested);
}
