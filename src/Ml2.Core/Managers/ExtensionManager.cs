using System.Text.Json;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Managers;

/// <summary>
/// Calls the extension drivers in configured order (Neutron's ExtensionManager): every requested extension attribute
/// must be owned by a driver; each driver processes its own attributes inside the transaction and its exceptions
/// reach the caller unchanged.
/// </summary>
internal sealed class ExtensionManager
{
    private readonly IExtensionDriver[] _drivers;
    private readonly Dictionary<string, IExtensionDriver> _owners = new(StringComparer.Ordinal);

    public ExtensionManager(IEnumerable<IExtensionDriver> drivers, IOptions<Ml2Options> options)
    {
        var byAlias = drivers.Distinct().ToDictionary(d => d.Alias, StringComparer.Ordinal);
        var configured = ConfigList.Split(options.Value.ExtensionDrivers);
        _drivers = configured.Count == 0
            ? [.. byAlias.Values]
            : [.. configured.Select(alias => byAlias.TryGetValue(alias, out var driver)
                ? driver
                : throw new InvalidOperationException($"Extension driver '{alias}' is not registered."))];
        var errors = new List<string>();
        foreach (var driver in _drivers)
        {
            foreach (var name in driver.AttributeNames)
            {
                if (!_owners.TryAdd(name, driver))
                {
                    errors.Add($"Extension attribute '{name}' is owned by both '{_owners[name].Alias}' and '{driver.Alias}'.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Ml2Options.SectionName, typeof(Ml2Options), errors);
        }
    }

    /// <summary>Whether any extension driver is loaded.</summary>
    public bool HasDrivers => _drivers.Length > 0;

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var driver in _drivers)
        {
            await driver.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rejects requested attributes that no driver owns (before any state is touched).</summary>
    public void ValidateNames(IReadOnlyDictionary<string, JsonElement>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return;
        }

        foreach (var (name, value) in requested)
        {
            if (!_owners.ContainsKey(name))
            {
                throw InvalidInputException.OfType(InvalidInputException.HttpBadRequestType, name, value.GetRawText(), $"Unrecognized attribute(s) '{ErrorText.Quote(name)}'");
            }
        }
    }

    /// <summary>Lets each driver process its attributes; returns the attributes to store.</summary>
    public async ValueTask<IReadOnlyDictionary<string, JsonElement>> ProcessAsync(
        ResourceKind kind,
        bool isCreate,
        string resourceId,
        IReadOnlyDictionary<string, JsonElement> current,
        IReadOnlyDictionary<string, JsonElement>? requested,
        IMl2Transaction transaction,
        CallerContext caller,
        CancellationToken cancellationToken)
    {
        if (_drivers.Length == 0 || (!isCreate && (requested is null || requested.Count == 0)))
        {
            return current;
        }

        var result = new Dictionary<string, JsonElement>(current, StringComparer.Ordinal);
        foreach (var driver in _drivers)
        {
            var mine = Select(driver.AttributeNames, requested);
            if (!isCreate && mine.Count == 0)
            {
                continue;
            }

            var context = new Ml2ExtensionContext(kind, isCreate, resourceId, Select(driver.AttributeNames, current), transaction, caller);
            var stored = await driver.ProcessAsync(context, mine, cancellationToken).ConfigureAwait(false);
            foreach (var (name, value) in stored)
            {
                if (!driver.AttributeNames.Contains(name))
                {
                    throw new InvalidOperationException($"Extension driver '{driver.Alias}' returned attribute '{name}', which it does not own.");
                }

                result[name] = value;
            }
        }

        return result.Count == 0 ? ExtensionAttributes.Empty : result;
    }

    private static IReadOnlyDictionary<string, JsonElement> Select(IReadOnlyCollection<string> names, IReadOnlyDictionary<string, JsonElement>? values)
    {
        if (values is null || values.Count == 0)
        {
            return ExtensionAttributes.Empty;
        }

        var selected = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (values.TryGetValue(name, out var value))
            {
                selected[name] = value;
            }
        }

        return selected;
    }

    private sealed class Ml2ExtensionContext(
        ResourceKind kind, bool isCreate, string resourceId, IReadOnlyDictionary<string, JsonElement> currentAttributes, IMl2Transaction transaction, CallerContext caller)
        : ExtensionContext
    {
        public override ResourceKind Kind { get; } = kind;

        public override bool IsCreate { get; } = isCreate;

        public override string ResourceId { get; } = resourceId;

        public override IReadOnlyDictionary<string, JsonElement> CurrentAttributes { get; } = currentAttributes;

        public override IMl2Transaction Transaction { get; } = transaction;

        public override CallerContext Caller { get; } = caller;
    }
}
