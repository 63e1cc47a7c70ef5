using System.Text.Json;

namespace Ml2.Samples.RestHost.Neutron.Attributes;

/// <summary>Converts a request value the way a neutron-lib converter does; throws <c>InvalidInput</c> when it cannot.</summary>
/// <param name="value">The value as decoded from the request.</param>
/// <returns>The converted value.</returns>
internal delegate JsonElement Converter(JsonElement value);

/// <summary>Checks a converted value the way a neutron-lib validator does.</summary>
/// <param name="value">The converted value.</param>
/// <returns>Null when the value is valid, otherwise the validator's reason.</returns>
internal delegate string? Validator(JsonElement value);

/// <summary>
/// One attribute of a resource as neutron-lib's <c>RESOURCE_ATTRIBUTE_MAP</c> declares it: whether a create or an
/// update may set it, whether a create must give it (it has no default), its converter and validators, and whether
/// it is a list filter (<c>is_filter</c>).
/// </summary>
/// <param name="Name">The attribute name.</param>
/// <param name="AllowPost">A create may set it.</param>
/// <param name="AllowPut">An update may set it.</param>
/// <param name="Required">A create must give it (neutron-lib: no <c>default</c>).</param>
/// <param name="Convert">Its <c>convert_to</c>, or null.</param>
/// <param name="Validate">Its validators, in order.</param>
/// <param name="IsFilter">A list may filter on it.</param>
/// <param name="FilterConvert">The conversion of filter values (<c>convert_list_to</c>, else <c>convert_to</c> per value), or null.</param>
/// <param name="FilterOnHost">The SDK does not filter on it: the host filters the response dictionaries.</param>
internal sealed record AttributeSpec(
    string Name,
    bool AllowPost,
    bool AllowPut,
    bool Required = false,
    Converter? Convert = null,
    Validator[]? Validate = null,
    bool IsFilter = false,
    Func<IReadOnlyList<string>, IReadOnlyList<string>>? FilterConvert = null,
    bool FilterOnHost = false);
